using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests;

/// <summary>The scoring used by the recognition tests and benchmarks (Rehearse.Testing).</summary>
public sealed class TranscriptNormalizerTests
{
    [Theory]
    [InlineData("In 2022 we grew.", "in two thousand and twenty two we grew")]
    [InlineData("It was 1961.", "it was nineteen sixty one")]
    [InlineData("Uh, we have, um, 3 options!", "we have three options")]
    [InlineData("It's 25% of $40.", "it's twenty five percent of forty dollars")]
    [InlineData("The 21st century", "the twenty first century")]
    [InlineData("ASK NOT what your country", "ask not what your country")]
    [InlineData("You're proud, I'm sure; we've won't can't don't.", "you are proud i am sure we have will not can not do not")]
    [InlineData("She'd say it's John's", "she'd say it's john's")]
    [InlineData("His belly COUNSELLED him: the colours of the theatre, grey ploughs.", "his belly counseled him the colors of the theater gray plows")]
    public void Brings_both_styles_to_one(string text, string expected) =>
        Assert.Equal(expected, TranscriptNormalizer.Normalize(text));

    [Fact]
    public void Digits_and_spelled_numbers_score_as_the_same_words()
    {
        var rate = WordErrorRate.Compute("two thousand and twenty two was a good year", "2022 was a good year.");

        Assert.Equal(0, rate.Errors);
    }

    [Fact]
    public void Counts_substitutions_deletions_and_insertions()
    {
        var rate = WordErrorRate.Compute("the cat sat on the mat", "the bat sat on mat today");

        Assert.Equal(new WordErrorRate(3, 6), rate);
        Assert.Equal(0.5, rate.Rate);
    }
}
