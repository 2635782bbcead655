using Rehearse.Speech.Recognition.Turns;

namespace Rehearse.Speech.Recognition.UnitTests.Turns;

public sealed class BackchannelsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Yeah.")]
    [InlineData("Mm-hmm.")]
    [InlineData("Uh-huh.")]
    [InlineData("Okay, got it.")]
    [InlineData("Yeah, yeah, yeah.")]
    [InlineData("I see.")]
    [InlineData("Oh, wow. All right.")]
    [InlineData("That's true.")]
    public void Backchannels_hold_no_turn_word(string text) => Assert.False(Backchannels.HasTurnWord(text));

    [Theory]
    [InlineData("I think")]
    [InlineData("Yeah, I agree with that.")]
    [InlineData("Actually.")]
    [InlineData("Sorry.")]
    [InlineData("I.")]
    [InlineData("Got it, but")]
    [InlineData("Wait.")]
    public void Other_words_take_the_turn(string text) => Assert.True(Backchannels.HasTurnWord(text));
}
