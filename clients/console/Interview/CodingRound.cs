using System.Globalization;
using Grpc.Core;
using Rehearse.Coding.V1;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Interview.V1;
using Spectre.Console;
using RunCodeRequest = Rehearse.Interview.V1.RunCodeRequest;

namespace Rehearse.Console.Interview;

/// <summary>
/// The coding questions of a practice interview, answered from a file: shows each problem (statement, examples,
/// starter code), and runs the examples or submits the code in <c>codeFile</c>, read again at every run so the
/// candidate edits it in an editor next to the terminal. Prints each run's results and the hints given.
/// </summary>
public sealed class CodingRound(InterviewService.InterviewServiceClient client, string sessionId, string codeFile, IAnsiConsole console)
{
    private readonly Lock _gate = new();
    private CodingTask? _task;
    private int _turnIndex = -1;

    /// <summary>The file the code is read from.</summary>
    public string CodeFile => codeFile;

    /// <summary>True while a coding question is open: presented and not yet submitted.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _task is { Submitted: false };
            }
        }
    }

    /// <summary>True while the coding question of turn <paramref name="turnIndex"/> is open.</summary>
    public bool IsOpenFor(int turnIndex)
    {
        lock (_gate)
        {
            return _task is { Submitted: false } && _turnIndex == turnIndex;
        }
    }

    /// <summary>A coding question changed (a CodingUpdate event): shows what is new.</summary>
    public void OnUpdate(CodingUpdate update)
    {
        lock (_gate)
        {
            var newProblem = update.TurnIndex != _turnIndex;
            _turnIndex = update.TurnIndex;
            _task = update.Task;
            if (update.Kind == CodingUpdateKind.ProblemPresented && newProblem && update.Task?.Problem is { } problem)
            {
                ShowProblem(problem, update.Task.Language);
            }
            else if (update.Kind == CodingUpdateKind.HintGiven && update.Hint.Length > 0)
            {
                console.MarkupLine($"[cyan]Hint {update.Task?.Hints.Count ?? 0}:[/] [italic]{Markup.Escape(update.Hint)}[/]");
            }
        }
    }

    /// <summary>Runs the code in the file against the examples, printing the output as it appears.</summary>
    public async Task RunExamplesAsync(CancellationToken cancellationToken)
    {
        var source = await ReadSourceAsync(cancellationToken);
        if (source is null)
        {
            return;
        }
        console.MarkupLine($"[grey]Running {Markup.Escape(codeFile)} against the examples…[/]");
        try
        {
            using var call = client.StreamRunCode(new RunCodeRequest { SessionId = sessionId, Source = source, TestSet = TestSet.Examples },
                deadline: Deadlines.After(Deadlines.CodeRun), cancellationToken: cancellationToken);
            await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (message.EventCase == Rehearse.Interview.V1.StreamRunCodeResponse.EventOneofCase.Output)
                {
                    WriteOutput(message.Output.Text, message.Output.Stream == OutputStream.Stderr);
                }
                else if (message.Result?.Result is { } result)
                {
                    WriteResult(result, submitted: false, streamed: true);
                }
            }
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine($"[red]! {Markup.Escape(RunFailure(e))}[/]");
        }
    }

    /// <summary>Submits the code in the file: every test runs, hidden ones too, and the answer is complete.</summary>
    /// <returns>True when the code was submitted.</returns>
    public async Task<bool> SubmitAsync(CancellationToken cancellationToken)
    {
        var source = await ReadSourceAsync(cancellationToken);
        if (source is null)
        {
            return false;
        }
        console.MarkupLine($"[grey]Submitting {Markup.Escape(codeFile)}: running every test…[/]");
        try
        {
            var response = await client.SubmitCodeAsync(new SubmitCodeRequest { SessionId = sessionId, Source = source },
                deadline: Deadlines.After(Deadlines.CodeRun), cancellationToken: cancellationToken);
            WriteResult(response.Result ?? new Rehearse.Coding.V1.RunCodeResponse(), submitted: true, streamed: false);
            return true;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine($"[red]! {Markup.Escape(RunFailure(e))}[/]");
            return false;
        }
    }

    private void ShowProblem(Problem problem, Language language)
    {
        var summary = problem.Summary ?? new ProblemSummary();
        console.WriteLine();
        console.MarkupLine($"[bold]{Markup.Escape(summary.Title)}[/] [grey]({Markup.Escape(summary.Id)}, {InterviewNames.ProblemDifficulty(summary.Difficulty)}, {InterviewNames.CodingLanguage(language)})[/]");
        foreach (var line in problem.Statement.TrimEnd().Split('\n'))
        {
            console.WriteLine($"  {line.TrimEnd()}");
        }
        for (var i = 0; i < problem.Examples.Count; i++)
        {
            var example = problem.Examples[i];
            console.MarkupLine($"  [bold]Example {i + 1}:[/] input {Markup.Escape(example.InputJson)} → expected {Markup.Escape(example.ExpectedJson)}");
            if (example.Explanation.Length > 0)
            {
                console.MarkupLine($"    [grey]{Markup.Escape(example.Explanation)}[/]");
            }
        }
        if (problem.HiddenTestCount > 0)
        {
            console.MarkupLine($"  [grey]Submitting also runs {problem.HiddenTestCount} hidden tests.[/]");
        }
        var starter = problem.StarterCode.FirstOrDefault(s => s.Language == language)?.Code ?? "";
        if (WriteStarterCode(starter))
        {
            console.MarkupLine($"  [grey]The starter code is in {Markup.Escape(codeFile)}: edit it there.[/]");
        }
        else
        {
            console.MarkupLine($"  [grey]Starter code ({Markup.Escape(codeFile)} has code already, so it is left as it is):[/]");
            foreach (var line in starter.TrimEnd().Split('\n'))
            {
                console.WriteLine($"    {line.TrimEnd()}");
            }
        }
    }

    // A missing or empty file gets the starter code, so the candidate starts from the function to complete.
    private bool WriteStarterCode(string starter)
    {
        try
        {
            if (File.Exists(codeFile) && new FileInfo(codeFile).Length > 0 && File.ReadAllText(codeFile).Trim().Length > 0)
            {
                return false;
            }
            File.WriteAllText(codeFile, starter);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[yellow]! {Markup.Escape(codeFile)} cannot be written: {Markup.Escape(e.Message)}[/]");
            return false;
        }
    }

    private async Task<string?> ReadSourceAsync(CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            console.MarkupLine("[yellow]! There is no coding question to run code for right now.[/]");
            return null;
        }
        string source;
        try
        {
            source = await File.ReadAllTextAsync(codeFile, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]! {Markup.Escape(CliException.File(codeFile, e).Message)}[/]");
            return null;
        }
        if (source.Trim().Length == 0)
        {
            console.MarkupLine($"[yellow]! {Markup.Escape(codeFile)} is empty: write the solution there first.[/]");
            return null;
        }
        return source;
    }

    private void WriteOutput(string text, bool error)
    {
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            console.MarkupLine(error ? $"  [red]│[/] {Markup.Escape(line)}" : $"  [grey]│[/] {Markup.Escape(line)}");
        }
    }

    private void WriteResult(Rehearse.Coding.V1.RunCodeResponse result, bool submitted, bool streamed)
    {
        var what = submitted ? "tests" : "examples";
        var seconds = result.WallTime?.ToTimeSpan().TotalSeconds ?? 0;
        var headline = RunHeadline(result, what);
        var colour = result.Verdict == Verdict.Accepted ? "green" : "red";
        console.MarkupLine($"[bold {colour}]{Markup.Escape(headline)}[/] [grey]({seconds.ToString("0.00", CultureInfo.InvariantCulture)} s)[/]");
        if (LimitAdvice(result.Status) is { } advice)
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(advice)}[/]");
        }
        var visible = 0;
        foreach (var test in result.TestResults.Where(t => !t.Hidden))
        {
            visible++;
            var mark = test.Passed ? "[green]✓[/]" : "[red]✗[/]";
            var got = test.Error.Length > 0 ? $"error {test.Error}" : $"returned {(test.ActualJson.Length > 0 ? test.ActualJson : "nothing")}";
            console.MarkupLine($"  {mark} Example {visible}: input {Markup.Escape(test.InputJson)} · expected {Markup.Escape(test.ExpectedJson)} · {Markup.Escape(got)}");
        }
        var hidden = result.TestResults.Where(t => t.Hidden).ToList();
        if (hidden.Count > 0)
        {
            var passed = hidden.Count(t => t.Passed);
            console.MarkupLine($"  {(passed == hidden.Count ? "[green]✓[/]" : "[red]✗[/]")} Hidden tests: {passed} of {hidden.Count} passed");
        }
        // A streamed run's output has been shown as it came.
        if (!streamed && result.Stdout.Length > 0)
        {
            WriteOutput(result.Stdout, error: false);
        }
        if (!streamed && result.Stderr.Length > 0)
        {
            WriteOutput(result.Stderr, error: true);
        }
        if (result.OutputTruncated)
        {
            console.MarkupLine("  [grey](the output was cut at the runner's limit)[/]");
        }
    }

    /// <summary>A run's outcome in one line: "All 2 examples passed", "3 of 8 tests passed", "Time limit exceeded".</summary>
    public static string RunHeadline(Rehearse.Coding.V1.RunCodeResponse result, string what) => result.Status switch
    {
        RunStatus.TimeLimitExceeded => "Time limit exceeded",
        RunStatus.MemoryLimitExceeded => "Memory limit exceeded",
        RunStatus.OutputLimitExceeded => "Output limit exceeded",
        RunStatus.RuntimeError when result.TestResults.Count == 0 => "The code did not run (see the errors below)",
        _ when result.Verdict == Verdict.Accepted => $"All {result.TestCount} {what} passed",
        _ => $"{result.PassedCount} of {result.TestCount} {what} passed",
    };

    private static string? LimitAdvice(RunStatus status) => status switch
    {
        RunStatus.TimeLimitExceeded => "The code ran past the time limit and was stopped: look for a loop that never ends, or a slower approach than the problem needs.",
        RunStatus.MemoryLimitExceeded => "The code needed more memory than a run may use: look for a structure that grows without bound, or deep recursion.",
        RunStatus.OutputLimitExceeded => "The code printed more than a run may print and was stopped.",
        _ => null,
    };

    private static string RunFailure(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable => "The code runner is not available right now, so the code could not run; try again in a moment.",
        StatusCode.ResourceExhausted => "The code runner is busy; try again in a few seconds.",
        StatusCode.Unimplemented => "This Interview service does not run code.",
        _ => e.Status.Detail,
    };
}
