using Rehearse.Interview.Interviewers.Coding;

namespace Rehearse.Interview.Interviewers.UnitTests.Coding;

public sealed class ComplexityParserTests
{
    [Theory]
    [InlineData("O(1)", ComplexityClass.Constant)]
    [InlineData("O(1) per operation", ComplexityClass.Constant)]
    [InlineData("O(log n)", ComplexityClass.Logarithmic)]
    [InlineData("O(n)", ComplexityClass.Linear)]
    [InlineData("O(n + m)", ComplexityClass.Linear)]
    [InlineData("O(V + E)", ComplexityClass.Linear)]
    [InlineData("O(n log n)", ComplexityClass.Linearithmic)]
    [InlineData("O(N log k)", ComplexityClass.Linearithmic)]
    [InlineData("O(nlogn)", ComplexityClass.Linearithmic)]
    [InlineData("O(n^2)", ComplexityClass.Quadratic)]
    [InlineData("O(m * n)", ComplexityClass.Quadratic)]
    [InlineData("O(amount * coins)", ComplexityClass.Quadratic)]
    [InlineData("O(N * L * 26)", ComplexityClass.Quadratic)]
    [InlineData("O(n^3)", ComplexityClass.Cubic)]
    [InlineData("O(2^n)", ComplexityClass.Exponential)]
    [InlineData("O(n!)", ComplexityClass.Factorial)]
    public void Parses_the_catalogues_written_complexities(string text, ComplexityClass expected) =>
        Assert.Equal(expected, ComplexityParser.ParseFirst(text));

    [Theory]
    [InlineData("so this runs in o of n time overall", ComplexityClass.Linear)]
    [InlineData("it's big oh of n squared because of the nested loops", ComplexityClass.Quadratic)]
    [InlineData("that's O of n log n because of the sort", ComplexityClass.Linearithmic)]
    [InlineData("the lookup makes it big O of log n", ComplexityClass.Logarithmic)]
    [InlineData("it's linear time, one pass over the array", ComplexityClass.Linear)]
    [InlineData("this is quadratic", ComplexityClass.Quadratic)]
    [InlineData("each operation is constant time", ComplexityClass.Constant)]
    [InlineData("it's n log n overall", ComplexityClass.Linearithmic)]
    [InlineData("it is O of m times n", ComplexityClass.Quadratic)]
    [InlineData("exponential in the worst case", ComplexityClass.Exponential)]
    public void Reads_spoken_complexities(string transcript, ComplexityClass expected) =>
        Assert.Equal(expected, ComplexityParser.StatedTime(transcript)?.Class);

    [Fact]
    public void The_stated_time_is_the_solutions_not_the_brute_forces_nor_the_space()
    {
        var stated = ComplexityParser.StatedTime(
            "The brute force would be O(n^2), checking every pair. With a hash map it's linear time. It uses O(n) extra space for the map.");

        Assert.Equal(ComplexityClass.Linear, stated?.Class);
        Assert.Equal("O(n)", stated?.Notation);
        var all = ComplexityParser.FindAll("The brute force would be O(n^2). With a hash map it's linear time and constant space.");
        Assert.Equal([ComplexityClass.Quadratic, ComplexityClass.Linear, ComplexityClass.Constant], all.Select(c => c.Class));
        Assert.Equal([false, false, true], all.Select(c => c.IsSpace));
        Assert.Equal([true, false, false], all.Select(c => c.AboutBruteForce));
    }

    [Theory]
    [InlineData("Oh, of course, I would start with a loop.")]
    [InlineData("I'll use a dictionary from value to index and look up the complement.")]
    [InlineData("")]
    public void Ordinary_words_are_not_complexities(string transcript) =>
        Assert.Null(ComplexityParser.StatedTime(transcript));
}
