using Rehearse.CodeRunner.Sandbox;

namespace Rehearse.CodeRunner.Problems.Catalog;

/// <summary>How demanding a problem is.</summary>
public enum ProblemDifficulty
{
    /// <summary>One idea, a few lines.</summary>
    Easy,

    /// <summary>A known technique applied with care.</summary>
    Medium,

    /// <summary>Several ideas combined, or a subtle invariant.</summary>
    Hard,
}

/// <summary>What the candidate writes: a function, or a class whose methods the tests call.</summary>
public enum EntryKind
{
    /// <summary>A function called once per test with the test's arguments.</summary>
    Function,

    /// <summary>A class: each test constructs it and calls a sequence of its methods.</summary>
    Class,
}

/// <summary>How a returned value is compared with the expected one (both JSON; numbers within 1e-6).</summary>
public enum ResultComparison
{
    /// <summary>Equal JSON.</summary>
    Exact,

    /// <summary>The top-level array in any order.</summary>
    Unordered,

    /// <summary>Every array at every level in any order (e.g. a list of groups).</summary>
    UnorderedNested,
}

/// <summary>The function or class a candidate writes.</summary>
/// <param name="Kind">Function or class.</param>
/// <param name="Name">Its name as the tests call it (camelCase; Python's harness also accepts the snake_case form).</param>
/// <param name="ParameterTypes">The type of each argument of the function (or the constructor).</param>
/// <param name="ReturnType">The type of the result.</param>
public sealed record ProblemEntry(EntryKind Kind, string Name, IReadOnlyList<string> ParameterTypes, string ReturnType);

/// <summary>One test: arguments and the expected result, as JSON texts.</summary>
/// <param name="InputJson">A JSON array of arguments, or for a class {"operations": [...], "arguments": [...]}.</param>
/// <param name="ExpectedJson">The expected result.</param>
/// <param name="Explanation">Why, for a visible example; empty otherwise.</param>
public sealed record ProblemTest(string InputJson, string ExpectedJson, string Explanation);

/// <summary>A point a good explanation of a solution covers, with the words that show it was covered.</summary>
/// <param name="Point">The point as shown in feedback.</param>
/// <param name="Keywords">Words or short phrases whose presence covers it.</param>
public sealed record ExplanationPoint(string Point, IReadOnlyList<string> Keywords);

/// <summary>A validated problem.</summary>
/// <param name="Id">Unique id, lower-case words joined by '-'.</param>
/// <param name="Title">Title to show.</param>
/// <param name="Difficulty">How demanding it is.</param>
/// <param name="Tags">Topics.</param>
/// <param name="Statement">The statement in Markdown.</param>
/// <param name="Entry">What the candidate writes.</param>
/// <param name="Comparison">How results are compared.</param>
/// <param name="StarterCode">Starter code per language (every language the catalogue supports).</param>
/// <param name="Examples">Visible tests.</param>
/// <param name="HiddenTests">Tests whose data is never shown.</param>
/// <param name="TimeComplexity">Expected time complexity of an optimal solution.</param>
/// <param name="SpaceComplexity">Expected extra space of an optimal solution.</param>
/// <param name="Hints">Hints, gentlest first.</param>
/// <param name="ExplanationPoints">What a good explanation covers.</param>
/// <param name="TimeLimit">Wall-clock limit of a run against its tests, when the problem sets one.</param>
/// <param name="Source">The file it came from.</param>
public sealed record CodingProblem(
    string Id,
    string Title,
    ProblemDifficulty Difficulty,
    IReadOnlyList<string> Tags,
    string Statement,
    ProblemEntry Entry,
    ResultComparison Comparison,
    IReadOnlyDictionary<CodeLanguage, string> StarterCode,
    IReadOnlyList<ProblemTest> Examples,
    IReadOnlyList<ProblemTest> HiddenTests,
    string TimeComplexity,
    string SpaceComplexity,
    IReadOnlyList<string> Hints,
    IReadOnlyList<ExplanationPoint> ExplanationPoints,
    TimeSpan? TimeLimit,
    string Source);
