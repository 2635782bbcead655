using Rehearse.CodeRunner.Problems.Catalog;
using Rehearse.CodeRunner.Sandbox;

namespace Rehearse.CodeRunner.Problems.Judging;

/// <summary>Which of a problem's tests a run executes.</summary>
public enum TestSelection
{
    /// <summary>The visible examples.</summary>
    Examples,

    /// <summary>The examples and the hidden tests.</summary>
    All,
}

/// <summary>Code to run: alone with stdin, or against a problem's tests.</summary>
/// <param name="Language">The language.</param>
/// <param name="Source">The source.</param>
/// <param name="ProblemId">The problem, or null for a scratch run.</param>
/// <param name="Tests">Which tests (problem runs).</param>
/// <param name="Stdin">Standard input (scratch runs).</param>
/// <param name="TimeLimit">The time limit, or null for the default.</param>
public sealed record CodeRunRequest(
    CodeLanguage Language,
    string Source,
    string? ProblemId = null,
    TestSelection Tests = TestSelection.Examples,
    string Stdin = "",
    TimeSpan? TimeLimit = null);

/// <summary>The judgement of a problem run.</summary>
public enum Verdict
{
    /// <summary>Every test passed.</summary>
    Accepted,

    /// <summary>The run completed and a test failed.</summary>
    WrongAnswer,

    /// <summary>The run did not complete (time, memory, output limit, or a crash).</summary>
    NotCompleted,
}

/// <summary>The outcome of one test.</summary>
/// <param name="Index">Position in the run.</param>
/// <param name="Hidden">Whether its data is withheld.</param>
/// <param name="Passed">Whether the result matched.</param>
/// <param name="InputJson">The input (empty for hidden tests).</param>
/// <param name="ExpectedJson">The expected result (empty for hidden tests).</param>
/// <param name="ActualJson">The returned result (empty for hidden tests and when the call raised).</param>
/// <param name="Error">The raised error, or why the test was not reached; empty otherwise.</param>
/// <param name="Duration">Time of the call inside the program.</param>
public sealed record TestOutcome(int Index, bool Hidden, bool Passed, string InputJson, string ExpectedJson, string ActualJson, string Error, TimeSpan Duration);

/// <summary>The outcome of a run.</summary>
/// <param name="Run">How the program ended, with its raw output.</param>
/// <param name="Stdout">What the candidate's code printed (for a problem run, without the harness's records).</param>
/// <param name="Verdict">The verdict of a problem run; null for a scratch run.</param>
/// <param name="Tests">The tests' outcomes (problem runs).</param>
public sealed record CodeRunOutcome(SandboxResult Run, string Stdout, Verdict? Verdict, IReadOnlyList<TestOutcome> Tests)
{
    /// <summary>How many tests passed.</summary>
    public int PassedCount => Tests.Count(t => t.Passed);
}

/// <summary>A run or a look-up names a problem that the catalogue does not have.</summary>
public sealed class ProblemNotFoundException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public ProblemNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProblemNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without detail.</summary>
    public ProblemNotFoundException()
        : base("No such problem.")
    {
    }

    /// <summary>The id asked for.</summary>
    public string ProblemId { get; private init; } = "";

    /// <summary>The exception for an unknown id, naming the field it came in.</summary>
    public static ProblemNotFoundException ForId(string field, string id) =>
        new($"{field}: no problem '{id}' (ListProblems lists them)") { ProblemId = id };
}
