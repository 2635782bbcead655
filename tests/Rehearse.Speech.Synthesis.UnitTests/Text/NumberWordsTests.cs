using Rehearse.Speech.Synthesis.Text;

namespace Rehearse.Speech.Synthesis.UnitTests.Text;

public sealed class NumberWordsTests
{
    [Theory]
    [InlineData(0, "zero")]
    [InlineData(13, "thirteen")]
    [InlineData(40, "forty")]
    [InlineData(99, "ninety-nine")]
    [InlineData(100, "one hundred")]
    [InlineData(101, "one hundred one")]
    [InlineData(1_001, "one thousand one")]
    [InlineData(21_000_000, "twenty-one million")]
    [InlineData(1_234_567, "one million two hundred thirty-four thousand five hundred sixty-seven")]
    [InlineData(-42, "minus forty-two")]
    public void Cardinal(long value, string expected) => Assert.Equal(expected, NumberWords.Cardinal(value));

    [Theory]
    [InlineData(1, "first")]
    [InlineData(2, "second")]
    [InlineData(3, "third")]
    [InlineData(5, "fifth")]
    [InlineData(9, "ninth")]
    [InlineData(12, "twelfth")]
    [InlineData(20, "twentieth")]
    [InlineData(21, "twenty-first")]
    [InlineData(100, "one hundredth")]
    [InlineData(1_000_003, "one million third")]
    public void Ordinal(long value, string expected) => Assert.Equal(expected, NumberWords.Ordinal(value));

    [Theory]
    [InlineData(1999, "nineteen ninety-nine")]
    [InlineData(1900, "nineteen hundred")]
    [InlineData(1905, "nineteen oh five")]
    [InlineData(2000, "two thousand")]
    [InlineData(2007, "two thousand seven")]
    [InlineData(2010, "twenty ten")]
    [InlineData(2024, "twenty twenty-four")]
    public void Year(int value, string expected) => Assert.Equal(expected, NumberWords.Year(value));

    [Theory]
    [InlineData("1,000", "one thousand")]
    [InlineData("0.5", "zero point five")]
    [InlineData("12.05", "twelve point zero five")]
    [InlineData("0042", "zero zero four two")]
    [InlineData("12345678901234567890", "one two three four five six seven eight nine zero one two three four five six seven eight nine zero")]
    public void Number(string text, string expected) => Assert.Equal(expected, NumberWords.Number(text));
}
