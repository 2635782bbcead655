using Rehearse.Interview.Interviewers.Analytics;

namespace Rehearse.Interview.Interviewers.UnitTests.Analytics;

public sealed class TranscriptFillersTests
{
    private static Dictionary<string, int> Count(string text) =>
        TranscriptFillers.Count(text).ToDictionary(f => f.Filler, f => f.Count);

    [Theory]
    [InlineData("I like Go because it compiles fast.")]
    [InlineData("Something like a cache in front of the database would help.")]
    [InlineData("It looks like the index was missing.")]
    [InlineData("You know the answer better than I do.")]
    [InlineData("Do you know what the p99 was?")]
    [InlineData("What kind of database would you pick?")]
    [InlineData("I mean it when I say the tests matter.")]
    [InlineData("We would like to ship on Friday.")]
    public void Ordinary_uses_of_ambiguous_words_are_not_fillers(string text) => Assert.Empty(Count(text));

    [Fact]
    public void Filler_uses_are_counted_by_kind()
    {
        var counts = Count("Um, so the service was, like, really slow. Uh, you know, we tried basically everything, " +
            "and like we kind of gave up. I mean, it was actually fine in the end, um.");

        Assert.Equal(2, counts["um"]);
        Assert.Equal(1, counts["uh"]);
        Assert.Equal(2, counts["like"]);
        Assert.Equal(1, counts["you know"]);
        Assert.Equal(1, counts["basically"]);
        Assert.Equal(1, counts["kind of"]);
        Assert.Equal(1, counts["i mean"]);
        Assert.Equal(1, counts["actually"]);
    }
}
