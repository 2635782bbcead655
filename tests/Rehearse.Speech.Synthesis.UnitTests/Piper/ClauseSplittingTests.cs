using Rehearse.Speech.Synthesis.Piper;

namespace Rehearse.Speech.Synthesis.UnitTests.Piper;

public sealed class ClauseSplittingTests
{
    [Fact]
    public void Keeps_the_punctuation_that_ends_each_clause()
    {
        Assert.Equal(
            [("Well", ","), ("I think so", ";"), ("do you", "?"), ("Yes", "!"), ("fine", "")],
            PiperVoiceModel.SplitClauses("Well, I think so; do you? Yes! fine"));
    }

    [Fact]
    public void Keeps_one_mark_of_a_run_and_drops_empty_clauses()
    {
        Assert.Equal([("Really", "?"), ("ok", ".")], PiperVoiceModel.SplitClauses(", Really?! ok..."));
    }
}
