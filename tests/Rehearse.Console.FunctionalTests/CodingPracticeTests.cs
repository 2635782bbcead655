using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rehearse.Console.FunctionalTests.Infrastructure;
using Rehearse.Testing;

namespace Rehearse.Console.FunctionalTests;

/// <summary>
/// Coding questions answered from a file, against the real Interview service and code runner: in a terminal with
/// /run, /hint and /submit (the file edited between runs, as in an editor next to it), and as a script (--submit).
/// </summary>
public sealed partial class CodingPracticeTests(ServicesFixture services) : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);
    private static readonly string Solutions = Path.Combine(TestPaths.RepositoryRoot, "tests", "Rehearse.CodeRunner.FunctionalTests", "Solutions");
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<Dictionary<string, string>> EnvironmentAsync() => new()
    {
        ["REHEARSE_INTERVIEW_URL"] = (await services.StartInterviewAsync()).ToString(),
        ["REHEARSE_SPEECH_URL"] = services.SpeechAddress!.ToString(),
        ["REHEARSE_SPEECH_KEY"] = ServicesFixture.SpeechKey,
    };

    // The problem line: "Two Sum (two-sum, easy, Python)".
    [GeneratedRegex(@"\(([a-z0-9-]+), (?:easy|medium|hard|unrated), Python\)")]
    private static partial Regex ProblemLine();

    [Fact]
    public async Task A_coding_question_in_a_terminal_runs_the_edited_file_gives_a_hint_and_submits()
    {
        TmuxSession.RequireTmux();
        var codeFile = Path.Combine(_cli.Home, "solution.py");
        await using var terminal = await TmuxSession.StartAsync(_cli.Home, _cli.Environment(await EnvironmentAsync()),
            "dotnet", BuiltPrograms.Cli, "practice", "--type", "coding", "--questions", "1", "--typed", "--mute", "--code", "solution.py");

        // The problem is shown and its starter code written to the file.
        var screen = await terminal.WaitForAsync("Submitting also runs", StepTimeout);
        var problem = ProblemLine().Match(await terminal.HistoryAsync()).Groups[1].Value;
        Assert.True(problem.Length > 0, screen);
        Assert.Contains("Example 1:", await terminal.HistoryAsync());
        Assert.Contains("The starter code is in solution.py", await terminal.HistoryAsync());
        var starter = await File.ReadAllTextAsync(codeFile, TestContext.Current.CancellationToken);
        Assert.Contains("def ", starter);
        await terminal.WaitForAsync("[listening]", StepTimeout);

        // A plain line does not end the question; the starter code fails the examples.
        await terminal.TypeLineAsync("I think a hash map helps here.");
        await terminal.WaitForAsync("A coding question is open", StepTimeout);
        await terminal.TypeLineAsync("/run");
        await terminal.WaitForAsync("examples passed", StepTimeout);
        Assert.Matches(@"0 of \d+ examples passed", await terminal.HistoryAsync());
        Assert.Contains("✗ Example 1", await terminal.HistoryAsync());

        await terminal.TypeLineAsync("/hint");
        await terminal.WaitForAsync("Hint 1:", StepTimeout);

        // The file is edited next to the terminal: the next run reads it again.
        await File.WriteAllTextAsync(codeFile, await File.ReadAllTextAsync(Path.Combine(Solutions, problem, "reference.py"), TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        await terminal.TypeLineAsync("/run");
        await WaitForMatchAsync(terminal, @"All \d+ examples passed");

        await terminal.TypeLineAsync("/submit");
        var hidden = await WaitForMatchAsync(terminal, @"Hidden tests: (\d+) of (\d+) passed");
        Assert.Equal(hidden.Groups[2].Value, hidden.Groups[1].Value);
        await terminal.WaitForAsync("code submitted", StepTimeout);

        // The follow-up (complexity) is answered by typing; then the interview ends and the report shows the code.
        await terminal.TypeLineAsync("It runs in O(n) time with a single pass and O(n) extra space for the map.");
        await terminal.TypeLineAsync("/end");
        await terminal.WaitForAsync("[exit ", StepTimeout * 2);
        var history = await terminal.HistoryAsync();
        Assert.Contains("[exit 0]", history);
        Assert.Matches(@"code \(.+, Python\): (\d+)/\1 tests passed", history);
        Assert.Contains("hints: 1", history);
    }

    // Waits until everything printed so far (the screen scrolls) matches the pattern; an earlier run's line on the
    // screen must not count, so the pattern names what is new.
    private static async Task<Match> WaitForMatchAsync(TmuxSession terminal, string pattern)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var history = await terminal.HistoryAsync();
            var match = Regex.Match(history, pattern);
            if (match.Success)
            {
                return match;
            }
            if (clock.Elapsed > StepTimeout)
            {
                throw new TimeoutException($"Nothing printed matched '{pattern}' within {StepTimeout.TotalSeconds:0} s:\n{history}");
            }
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Submit_runs_the_file_at_once_and_the_json_report_has_the_coding_result()
    {
        // A missing file gets the starter code, which returns nothing: it is submitted as it is and fails.
        var practice = await _cli.RunAsync(
            ["practice", "--type", "coding", "--questions", "1", "--typed", "--mute", "--code", "starter.js", "--submit", "--json"],
            Encoding.UTF8.GetBytes("I did not finish it.\n/end\n"), await EnvironmentAsync(), TimeSpan.FromMinutes(3));

        Assert.True(practice.ExitCode == 0, practice + services.Logs);
        Assert.Contains("JavaScript)", practice.Stderr);
        Assert.Contains("The starter code is in starter.js", practice.Stderr);
        Assert.Matches(@"0 of \d+ examples passed", practice.Stderr);
        var report = JsonDocument.Parse(practice.Stdout).RootElement.GetProperty("report");
        var coding = report.GetProperty("turns").EnumerateArray()
            .Select(t => t.TryGetProperty("coding", out var c) ? c : default)
            .Single(c => c.ValueKind == JsonValueKind.Object);
        Assert.Equal("LANGUAGE_JAVASCRIPT", coding.GetProperty("language").GetString());
        Assert.True(coding.GetProperty("submitted").GetBoolean());
        Assert.True(coding.GetProperty("hidden_test_count").GetInt32() > 0);
        Assert.True(coding.GetProperty("test_count").GetInt32() > coding.GetProperty("hidden_test_count").GetInt32());
        // Protobuf's JSON leaves a zero out: the starter code passed nothing.
        Assert.False(coding.TryGetProperty("tests_passed", out _), coding.ToString());
        // What was submitted is the starter code the client wrote to the file, whichever problem was drawn.
        var starter = await File.ReadAllTextAsync(Path.Combine(_cli.WorkingDirectory, "starter.js"), TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrWhiteSpace(starter));
        Assert.Equal(starter.Trim(), coding.GetProperty("final_code").GetString()!.Trim());
    }

    [Fact]
    public async Task Coding_questions_without_a_code_file_are_a_usage_error()
    {
        var result = await _cli.RunAsync(["practice", "--type", "coding", "--typed"], null, await EnvironmentAsync(), StepTimeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--code FILE", result.Stderr);
    }
}
