using System.Text.Json.Nodes;
using Rehearse.CodeRunner.Problems.Catalog;
using Rehearse.CodeRunner.Problems.Judging;

namespace Rehearse.CodeRunner.UnitTests;

public sealed class JsonComparerTests
{
    [Theory]
    [InlineData("[0,1]", "[0,1]", ResultComparison.Exact, true)]
    [InlineData("[0,1]", "[1,0]", ResultComparison.Exact, false)]
    [InlineData("[0,1]", "[1,0]", ResultComparison.Unordered, true)]
    [InlineData("[[1,2],[3]]", "[[3],[2,1]]", ResultComparison.Unordered, false)]
    [InlineData("[[1,2],[3]]", "[[3],[2,1]]", ResultComparison.UnorderedNested, true)]
    [InlineData("[[1,1],[2]]", "[[1],[1,2]]", ResultComparison.UnorderedNested, false)]
    [InlineData("2", "2.0", ResultComparison.Exact, true)]
    [InlineData("2.5", "2.5000000001", ResultComparison.Exact, true)]
    [InlineData("2.5", "2.51", ResultComparison.Exact, false)]
    [InlineData("1e9", "1000000000.0001", ResultComparison.Exact, true)]
    [InlineData("true", "1", ResultComparison.Exact, false)]
    [InlineData("\"1\"", "1", ResultComparison.Exact, false)]
    [InlineData("null", "[]", ResultComparison.Exact, false)]
    [InlineData("null", "null", ResultComparison.Exact, true)]
    [InlineData("[1,2]", "[1,2,2]", ResultComparison.Unordered, false)]
    [InlineData("{\"a\":[1,2]}", "{\"a\":[2,1]}", ResultComparison.UnorderedNested, true)]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":2}", ResultComparison.Exact, false)]
    public void Values_match_by_the_problems_rule(string expected, string actual, ResultComparison comparison, bool matches) =>
        Assert.Equal(matches, JsonComparer.Matches(JsonNode.Parse(expected), JsonNode.Parse(actual), comparison));
}
