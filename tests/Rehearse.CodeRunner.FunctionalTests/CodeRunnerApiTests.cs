using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehearse.Coding.V1;

namespace Rehearse.CodeRunner.FunctionalTests;

/// <summary>The contract's behaviour: the catalogue, judged runs, streaming, and refusals that name the field and the limit.</summary>
public sealed class CodeRunnerApiTests(CodeRunnerFixture runner)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_catalogue_lists_problems_of_every_difficulty_and_filters_them()
    {
        var client = runner.CreateRunnerClient();
        var all = (await client.ListProblemsAsync(new ListProblemsRequest(), cancellationToken: Token)).Problems;
        Assert.True(all.Count >= 30, $"{all.Count} problems");
        Assert.All(new[] { Difficulty.Easy, Difficulty.Medium, Difficulty.Hard }, d => Assert.Contains(all, p => p.Difficulty == d));
        Assert.Equal(all.OrderBy(p => p.Difficulty).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id), all.Select(p => p.Id));
        Assert.All(all, p => Assert.Equal(new[] { Language.Python, Language.Javascript }, p.Languages));

        var hardTrees = (await client.ListProblemsAsync(new ListProblemsRequest { Difficulty = Difficulty.Medium, Tag = "trees" }, cancellationToken: Token)).Problems;
        Assert.NotEmpty(hardTrees);
        Assert.All(hardTrees, p => Assert.True(p.Difficulty == Difficulty.Medium && p.Tags.Contains("trees")));
        Assert.Empty((await client.ListProblemsAsync(new ListProblemsRequest { Tag = "no-such-tag" }, cancellationToken: Token)).Problems);
    }

    [Fact]
    public async Task A_problem_is_shown_without_its_hidden_tests()
    {
        var problem = (await runner.CreateRunnerClient().GetProblemAsync(new GetProblemRequest { Id = "two-sum" }, cancellationToken: Token)).Problem;
        Assert.Equal("Two Sum", problem.Summary.Title);
        Assert.Contains("indices", problem.Statement, StringComparison.Ordinal);
        Assert.Contains(problem.StarterCode, s => s.Language == Language.Python && s.Code.Contains("def two_sum(nums: List[int], target: int) -> List[int]:", StringComparison.Ordinal));
        Assert.Contains(problem.StarterCode, s => s.Language == Language.Javascript && s.Code.Contains("function twoSum(nums, target)", StringComparison.Ordinal));
        Assert.Equal("[[2,7,11,15],9]", problem.Examples[0].InputJson);
        Assert.Equal("[0,1]", problem.Examples[0].ExpectedJson);
        Assert.True(problem.HiddenTestCount > 0);
        Assert.Equal("O(n)", problem.ExpectedTimeComplexity);
        Assert.NotEmpty(problem.Hints);
        Assert.All(problem.ExplanationPoints, p => Assert.NotEmpty(p.Keywords));
        Assert.Equal(TimeSpan.FromSeconds(10), problem.TimeLimit.ToTimeSpan());
    }

    [Fact]
    public async Task Unknown_and_missing_problems_are_named()
    {
        var client = runner.CreateRunnerClient();
        var missing = await CodeRunnerFixture.StatusOfAsync(() => client.GetProblemAsync(new GetProblemRequest { Id = "no-such-problem" }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("id: no problem 'no-such-problem' (ListProblems lists them)", missing.Detail);

        var empty = await CodeRunnerFixture.StatusOfAsync(() => client.GetProblemAsync(new GetProblemRequest(), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.StartsWith("id: required", empty.Detail, StringComparison.Ordinal);

        var run = await CodeRunnerFixture.StatusOfAsync(() => client.RunCodeAsync(new RunCodeRequest { Language = Language.Python, Source = "x = 1", ProblemId = "nope" }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, run.StatusCode);
        Assert.StartsWith("problem_id: no problem 'nope'", run.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Unspecified, "print(1)", 0, "", "language: required: LANGUAGE_PYTHON or LANGUAGE_JAVASCRIPT (was Unspecified)")]
    [InlineData(Language.Python, "  ", 0, "", "source: required")]
    [InlineData(Language.Python, "print(1)", 31, "", "time_limit: must be above 0 and at most 30 s (was 31 s)")]
    [InlineData(Language.Python, "print(1)", -1, "", "time_limit: must be above 0 and at most 30 s (was -1 s)")]
    [InlineData(Language.Python, "print('\0')", 0, "", "source: must not contain NUL characters")]
    public async Task Bad_requests_are_refused_naming_the_field_and_the_limit(Language language, string source, int seconds, string problemId, string detail)
    {
        var request = new RunCodeRequest { Language = language, Source = source, ProblemId = problemId };
        if (seconds != 0)
        {
            request.TimeLimit = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));
        }
        var status = await CodeRunnerFixture.StatusOfAsync(() => runner.CreateRunnerClient().RunCodeAsync(request, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal(detail, status.Detail);
    }

    [Fact]
    public async Task Stdin_is_refused_in_a_problem_run_and_limited_in_a_scratch_run()
    {
        var client = runner.CreateRunnerClient();
        var withProblem = await CodeRunnerFixture.StatusOfAsync(() => client.RunCodeAsync(
            new RunCodeRequest { Language = Language.Python, Source = "def two_sum(n, t): return []", ProblemId = "two-sum", Stdin = "1" }, cancellationToken: Token).ResponseAsync);
        Assert.Equal("stdin: must be empty in a run with problem_id (the harness feeds the tests)", withProblem.Detail);

        var tooMuch = await CodeRunnerFixture.StatusOfAsync(() => client.RunCodeAsync(
            new RunCodeRequest { Language = Language.Python, Source = "print(1)", Stdin = new string('1', 65537) }, cancellationToken: Token).ResponseAsync);
        Assert.Equal("stdin: at most 65536 bytes of UTF-8 (was 65537)", tooMuch.Detail);
    }

    [Fact]
    public async Task Examples_show_their_data_and_hidden_tests_do_not()
    {
        const string source = "def two_sum(nums, target):\n    print('trying', target)\n    return [0, 1]\n";
        var client = runner.CreateRunnerClient();
        var examples = await client.RunCodeAsync(new RunCodeRequest { Language = Language.Python, Source = source, ProblemId = "two-sum", TestSet = TestSet.Examples }, cancellationToken: Token);
        Assert.Equal(RunStatus.Completed, examples.Status);
        Assert.Equal(Verdict.WrongAnswer, examples.Verdict);
        Assert.Equal(2, examples.TestCount);
        Assert.True(examples.TestResults[0].Passed);
        Assert.False(examples.TestResults[1].Passed);
        Assert.Equal("[[3,2,4],6]", examples.TestResults[1].InputJson);
        Assert.Equal("[1,2]", examples.TestResults[1].ExpectedJson);
        Assert.Equal("[0,1]", examples.TestResults[1].ActualJson);
        // What the solution printed is its output; the harness's records are not.
        Assert.Equal("trying 9\ntrying 6\n", examples.Stdout);

        var all = await client.RunCodeAsync(new RunCodeRequest { Language = Language.Python, Source = source, ProblemId = "two-sum", TestSet = TestSet.All }, cancellationToken: Token);
        var hidden = all.TestResults.Where(t => t.Hidden).ToList();
        Assert.NotEmpty(hidden);
        Assert.All(hidden, t => Assert.True(t.InputJson == "" && t.ExpectedJson == "" && t.ActualJson == ""));
        Assert.Equal(all.TestCount, 2 + hidden.Count);
    }

    [Theory]
    [InlineData(Language.Python, "def two_sum(nums, target)\n    return []\n", "SyntaxError")]
    [InlineData(Language.Javascript, "function twoSum(nums, target) {\n  return [\n", "SyntaxError")]
    [InlineData(Language.Python, "def something_else():\n    pass\n", "solution.py defines no function named twoSum or two_sum")]
    [InlineData(Language.Javascript, "function somethingElse() {}\n", "solution.js defines no function named twoSum")]
    public async Task A_solution_that_does_not_load_is_a_runtime_error_with_the_reason(Language language, string source, string reason)
    {
        var response = await runner.CreateRunnerClient().RunCodeAsync(new RunCodeRequest { Language = language, Source = source, ProblemId = "two-sum" }, cancellationToken: Token);
        Assert.Equal(RunStatus.RuntimeError, response.Status);
        Assert.Equal(Verdict.NotCompleted, response.Verdict);
        Assert.Contains(reason, response.Stderr, StringComparison.Ordinal);
        Assert.All(response.TestResults, t => Assert.Equal("not reached: the program ended early (see stderr)", t.Error));
    }

    [Theory]
    [InlineData(Language.Python, "def two_sum(nums, target):\n    if target == 6:\n        raise ValueError('no pair')\n    return [0, 1]\n", "ValueError: no pair (line 3)")]
    [InlineData(Language.Javascript, "function twoSum(nums, target) {\n  if (target === 6) throw new Error('no pair');\n  return [0, 1];\n}\n", "Error: no pair (line 2)")]
    public async Task An_exception_fails_its_test_only(Language language, string source, string error)
    {
        var response = await runner.CreateRunnerClient().RunCodeAsync(new RunCodeRequest { Language = language, Source = source, ProblemId = "two-sum" }, cancellationToken: Token);
        Assert.Equal(RunStatus.Completed, response.Status);
        Assert.Equal(Verdict.WrongAnswer, response.Verdict);
        Assert.True(response.TestResults[0].Passed);
        Assert.Equal(error, response.TestResults[1].Error);
    }

    [Fact]
    public async Task A_solution_too_slow_for_the_limit_is_not_completed()
    {
        var response = await runner.CreateRunnerClient().RunCodeAsync(new RunCodeRequest
        {
            Language = Language.Python,
            Source = "def two_sum(nums, target):\n    while True:\n        pass\n",
            ProblemId = "two-sum",
            TimeLimit = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
        }, cancellationToken: Token);
        Assert.Equal(RunStatus.TimeLimitExceeded, response.Status);
        Assert.Equal(Verdict.NotCompleted, response.Verdict);
        Assert.All(response.TestResults, t => Assert.Equal("not reached: the run exceeded its time limit", t.Error));
    }

    [Fact]
    public async Task Output_streams_while_the_program_runs_and_the_result_comes_last()
    {
        const string source = "import sys, time\nprint('first', flush=True)\ntime.sleep(1)\nprint('oops', file=sys.stderr, flush=True)\nprint('second')\n";
        var started = DateTime.UtcNow;
        using var call = runner.CreateRunnerClient().StreamRunCode(new RunCodeRequest { Language = Language.Python, Source = source }, cancellationToken: Token);
        var events = new List<(StreamRunCodeResponse Event, TimeSpan At)>();
        await foreach (var item in call.ResponseStream.ReadAllAsync(Token))
        {
            events.Add((item, DateTime.UtcNow - started));
        }
        var result = events[^1].Event.Result;
        Assert.NotNull(result);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("first\nsecond\n", result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
        var outputs = events[..^1].Select(e => e.Event.Output).ToList();
        Assert.All(outputs, Assert.NotNull);
        Assert.Equal(result.Stdout, string.Concat(outputs.Where(o => o.Stream == OutputStream.Stdout).Select(o => o.Text)));
        Assert.Equal(result.Stderr, string.Concat(outputs.Where(o => o.Stream == OutputStream.Stderr).Select(o => o.Text)));
        // "first" arrived before the program's second of sleep was over.
        var first = events.First(e => e.Event.Output?.Text.Contains("first", StringComparison.Ordinal) == true);
        Assert.True(events[^1].At - first.At > TimeSpan.FromMilliseconds(700), $"first at {first.At}, result at {events[^1].At}");
    }

    [Fact]
    public async Task A_problem_run_streams_what_the_solution_prints()
    {
        using var call = runner.CreateRunnerClient().StreamRunCode(new RunCodeRequest
        {
            Language = Language.Javascript,
            Source = "function twoSum(nums, target) {\n  console.log('target', target);\n  return [0, 1];\n}\n",
            ProblemId = "two-sum",
        }, cancellationToken: Token);
        var events = await call.ResponseStream.ReadAllAsync(Token).ToListAsync(Token);
        Assert.Equal("target 9\ntarget 6\n", string.Concat(events.Where(e => e.Output is not null).Select(e => e.Output.Text)));
        Assert.Equal(Verdict.WrongAnswer, events[^1].Result.Verdict);
    }
}
