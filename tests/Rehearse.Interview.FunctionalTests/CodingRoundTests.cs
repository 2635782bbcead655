using Grpc.Core;
using Rehearse.Coding.V1;
using Rehearse.Interview.V1;
using Rehearse.Testing;
using RunCodeRequest = Rehearse.Interview.V1.RunCodeRequest;
using Difficulty = Rehearse.Interview.V1.Difficulty;
using TestSet = Rehearse.Coding.V1.TestSet;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The coding round through the real gRPC surface, with the real code runner and PostgreSQL: a coding session
/// presents a problem, runs code, gives hints, takes a submission, asks its follow-up, scores and reports the code,
/// and keeps a snapshot of every run until the session is deleted.
/// </summary>
public sealed class CodingRoundTests(SpeechServiceFixture speech, CodeRunnerServiceFixture codeRunner)
    : InterviewServiceTest(speech, new Dictionary<string, string?> { ["RateLimits:CodeRunBurst"] = "100" }, codeRunner)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SessionConfig CodingConfig(int questions = 1) => new()
    {
        Role = "backend",
        InterviewType = InterviewType.Coding,
        Difficulty = Difficulty.Easy,
        QuestionCount = questions,
        CodingLanguage = Language.Python,
        Spoken = false,
    };

    /// <summary>The reference or naive solution of a catalogue problem, from the code runner's functional tests.</summary>
    private static string Solution(string problemId, string kind) =>
        File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Rehearse.CodeRunner.FunctionalTests", "Solutions", problemId, $"{kind}.py"));

    /// <summary>Creates and starts a coding session and waits for its problem to be presented and the candidate's turn.</summary>
    private async Task<(InterviewService.InterviewServiceClient Client, SessionConnection Connection, string SessionId, CodingTask Task)> StartCodingAsync(SessionConfig config)
    {
        var client = Host.Client(NewKey());
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct)).Session;
        var connection = await SessionConnection.StartAsync(client, session.Id, Transport.Grpc, Ct);
        var presented = await connection.Events.WaitForAsync(e => e.CodingUpdate?.Kind == CodingUpdateKind.ProblemPresented);
        await connection.Events.WaitForStateAsync(SessionState.Listening);
        return (client, connection, session.Id, presented.CodingUpdate.Task);
    }

    /// <summary>Submits code, answers the complexity follow-up by typing, and returns the finished session's report.</summary>
    private static async Task<Report> SubmitAndFinishAsync(
        InterviewService.InterviewServiceClient client, SessionConnection connection, string sessionId, string code, string followUpAnswer)
    {
        await client.SubmitCodeAsync(new SubmitCodeRequest { SessionId = sessionId, Source = code }, cancellationToken: Ct);
        await connection.Events.WaitForAsync(e => e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.FollowUp });
        await connection.Events.WaitForStateAsync(SessionState.Listening);
        await connection.SendTextAsync(followUpAnswer, Ct);
        await connection.Events.WaitForAsync(e => e.ReportReady is not null, TimeSpan.FromSeconds(90));
        return (await client.GetReportAsync(new GetReportRequest { SessionId = sessionId }, cancellationToken: Ct)).Report;
    }

    [Fact]
    public async Task A_coding_interview_presents_a_problem_runs_code_gives_a_hint_takes_a_submission_and_reports_the_code()
    {
        var options = await Host.Client(NewKey()).GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: Ct);
        Assert.True(options.CodingAvailable);
        Assert.Equal([Language.Python, Language.Javascript], options.CodingLanguages);

        var (client, connection, sessionId, task) = await StartCodingAsync(CodingConfig());
        await using var _ = connection;
        // The candidate sees the problem and its starter code, not the hints, complexity or explanation points.
        var problemId = task.Problem.Summary.Id;
        Assert.NotEmpty(task.Problem.Statement);
        Assert.NotEmpty(task.Problem.Examples);
        Assert.True(task.Problem.HiddenTestCount > 0);
        Assert.Empty(task.Problem.Hints);
        Assert.Empty(task.Problem.ExplanationPoints);
        Assert.Empty(task.Problem.ExpectedTimeComplexity);
        Assert.True(task.HintCount > 0);
        Assert.Equal(task.Problem.StarterCode.Single(s => s.Language == Language.Python).Code, task.Code);
        var intro = connection.Events.Seen.Last(e => e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.Question }).InterviewerUtterance.Text;
        Assert.Contains(task.Problem.Summary.Title, intro, StringComparison.Ordinal);
        Assert.True(intro.Length < task.Problem.Statement.Length + 300, "the interviewer reads out a short introduction, not the statement");

        // A hint is spoken and sent to every client; the answer goes on.
        await client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Hint }, cancellationToken: Ct);
        var hint = await connection.Events.WaitForAsync(e => e.CodingUpdate?.Kind == CodingUpdateKind.HintGiven);
        Assert.NotEmpty(hint.CodingUpdate.Hint);
        Assert.Equal([hint.CodingUpdate.Hint], hint.CodingUpdate.Task.Hints);
        var spokenHint = await connection.Events.WaitForAsync(e => e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.Hint });
        Assert.Contains(hint.CodingUpdate.Hint, spokenHint.InterviewerUtterance.Text, StringComparison.Ordinal);
        await connection.Events.WaitForStateAsync(SessionState.Listening);

        // Runs against the examples, unary and streamed, each announced as an event.
        var naive = Solution(problemId, "naive");
        var run = await client.RunCodeAsync(new RunCodeRequest { SessionId = sessionId, Source = naive }, cancellationToken: Ct);
        Assert.Equal(task.Problem.Examples.Count, run.Result.TestCount);
        Assert.Equal(naive, run.Task.Code);
        Assert.Equal(TestSet.Examples, Assert.Single(run.Task.Runs).TestSet);
        var runEvent = await connection.Events.WaitForAsync(e => e.CodingUpdate?.Kind == CodingUpdateKind.RunFinished);
        Assert.Equal(run.Result.PassedCount, runEvent.CodingUpdate.Result.PassedCount);

        var reference = Solution(problemId, "reference");
        using var stream = client.StreamRunCode(new RunCodeRequest { SessionId = sessionId, Source = reference, TestSet = TestSet.Examples }, cancellationToken: Ct);
        var streamed = await stream.ResponseStream.ReadAllAsync(Ct).ToListAsync(Ct);
        var streamedResult = streamed[^1].Result;
        Assert.Equal(Verdict.Accepted, streamedResult.Result.Verdict);
        Assert.Equal(2, streamedResult.Task.Runs.Count);
        Assert.NotNull(streamedResult.Task.TimeToFirstPass);

        // The submission runs every test, completes the answer and is followed by a question on complexity.
        var submitted = await client.SubmitCodeAsync(new SubmitCodeRequest { SessionId = sessionId, Source = reference }, cancellationToken: Ct);
        Assert.Equal(Verdict.Accepted, submitted.Result.Verdict);
        Assert.Equal(task.Problem.Examples.Count + task.Problem.HiddenTestCount, submitted.Result.TestCount);
        Assert.True(submitted.Task.Submitted);
        var completed = await connection.Events.WaitForAsync(e => e.AnswerCompleted is not null);
        Assert.Equal(AnswerEndReason.Submitted, completed.AnswerCompleted.Reason);
        Assert.Equal(reference, completed.AnswerCompleted.Turn.Coding.Code);
        var followUp = await connection.Events.WaitForAsync(e => e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.FollowUp });
        Assert.Contains("complexity", followUp.InterviewerUtterance.Text, StringComparison.Ordinal);
        // The question's code is submitted: no more runs or hints.
        await InterviewScript.FailsWith(StatusCode.FailedPrecondition, () =>
            client.RunCodeAsync(new RunCodeRequest { SessionId = sessionId, Source = reference }, cancellationToken: Ct).ResponseAsync);
        await connection.Events.WaitForStateAsync(SessionState.Listening);
        await InterviewScript.FailsWith(StatusCode.FailedPrecondition, () =>
            client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Hint }, cancellationToken: Ct).ResponseAsync);
        await connection.SendTextAsync("It runs in O(n) time, with a hash map of what I have seen, and it handles an empty input and duplicates.", Ct);
        await connection.Events.WaitForAsync(e => e.ReportReady is not null, TimeSpan.FromSeconds(90));

        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = sessionId }, cancellationToken: Ct)).Report;
        var coding = report.Turns[0].Coding;
        Assert.Equal(problemId, coding.ProblemId);
        Assert.Equal(reference, coding.FinalCode);
        Assert.True(coding.Submitted);
        Assert.Equal(submitted.Result.TestCount, coding.TestsPassed);
        Assert.Equal(task.Problem.HiddenTestCount, coding.HiddenTestsPassed);
        Assert.Equal(2, coding.RunCount);
        Assert.Equal(1, coding.HintsUsed);
        Assert.NotNull(coding.TimeToFirstPass);
        Assert.Equal("O(n)", coding.StatedTimeComplexity);
        Assert.NotEmpty(coding.ExpectedTimeComplexity);
        Assert.Equal(submitted.Result.TestCount, coding.TestResults.Count);
        Assert.Null(report.Turns[1].Coding);
        Assert.Contains("coding question", report.ScoringMethod, StringComparison.Ordinal);
        var session = await client.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: Ct);
        Assert.Equal(3, session.Turns[0].Coding.Runs.Count);

        var markdown = (await client.ExportReportAsync(new ExportReportRequest { SessionId = sessionId }, cancellationToken: Ct)).Content.ToStringUtf8();
        Assert.Contains(reference.Split('\n')[0], markdown, StringComparison.Ordinal);
        Assert.Contains($"{coding.TestsPassed} of {coding.TestCount} tests passed", markdown, StringComparison.Ordinal);
        Assert.Contains("Hints used: 1", markdown, StringComparison.Ordinal);
        var transcript = (await client.ExportTranscriptAsync(new ExportTranscriptRequest { SessionId = sessionId }, cancellationToken: Ct)).Content.ToStringUtf8();
        Assert.Contains(reference.Split('\n')[0], transcript, StringComparison.Ordinal);
        await client.ExportReportAsync(new ExportReportRequest { SessionId = sessionId, Format = ExportFormat.Pdf }, cancellationToken: Ct);

        // Every run's code is stored with the turn until the session is deleted.
        Assert.Equal(3L, await Database.ScalarAsync<long>($"SELECT count(*) FROM code_snapshots WHERE session_id = '{sessionId}'"));
        Assert.Equal(1L, await Database.ScalarAsync<long>(
            $"SELECT count(*) FROM code_snapshots WHERE session_id = '{sessionId}' AND submission AND test_set = 'All' AND verdict = 'Accepted' AND turn_index = 0"));
        await client.DeleteSessionAsync(new DeleteSessionRequest { SessionId = sessionId }, cancellationToken: Ct);
        Assert.Equal(0L, await Database.ScalarAsync<long>($"SELECT count(*) FROM code_snapshots WHERE session_id = '{sessionId}'"));
    }

    [Fact]
    public async Task A_naive_submission_scores_below_the_reference_and_user_deletion_removes_the_snapshots()
    {
        var scores = new Dictionary<string, (Report Report, string SessionId, InterviewService.InterviewServiceClient Client)>();
        foreach (var kind in new[] { "reference", "naive" })
        {
            var (client, connection, id, task) = await StartCodingAsync(CodingConfig());
            await using var _ = connection;
            var report = await SubmitAndFinishAsync(client, connection, id, Solution(task.Problem.Summary.Id, kind), "I am not sure.");
            scores[kind] = (report, id, client);
        }

        var reference = scores["reference"].Report;
        var naive = scores["naive"].Report;
        Assert.Equal(reference.Turns[0].Coding.TestCount, reference.Turns[0].Coding.TestsPassed);
        Assert.True(naive.Turns[0].Coding.TestsPassed < naive.Turns[0].Coding.TestCount, "the naive solution fails a test");
        // With nothing said about complexity, technical depth is 70% of the share of tests passed.
        Assert.Equal(70, reference.QuestionScores[0].Scores.TechnicalDepth.Score);
        Assert.True(naive.QuestionScores[0].Scores.TechnicalDepth.Score < 70, naive.QuestionScores[0].Scores.TechnicalDepth.ToString());
        Assert.True(naive.Scores.Overall < reference.Scores.Overall, $"{naive.Scores.Overall} vs {reference.Scores.Overall}");
        Assert.Contains(naive.Turns[0].Improvements, i => i.Contains("tests failed", StringComparison.Ordinal));

        var (_, sessionId, owner) = scores["naive"];
        Assert.Equal(1L, await Database.ScalarAsync<long>($"SELECT count(*) FROM code_snapshots WHERE session_id = '{sessionId}'"));
        await owner.DeleteUserDataAsync(new DeleteUserDataRequest(), cancellationToken: Ct);
        Assert.Equal(0L, await Database.ScalarAsync<long>($"SELECT count(*) FROM code_snapshots WHERE session_id = '{sessionId}'"));
        Assert.Equal(1L, await Database.ScalarAsync<long>($"SELECT count(*) FROM code_snapshots WHERE session_id = '{scores["reference"].SessionId}'"));
    }

    [Fact]
    public async Task Code_runs_are_refused_with_clear_statuses()
    {
        var client = Host.Client(NewKey());
        Assert.Contains("session_id", await InterviewScript.FailsWith(StatusCode.NotFound, () =>
            client.RunCodeAsync(new RunCodeRequest { SessionId = Guid.NewGuid().ToString(), Source = "x = 1" }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);

        // A spoken question is not a coding question.
        var technical = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(1) }, cancellationToken: Ct)).Session.Id;
        await using (var spoken = await SessionConnection.StartAsync(client, technical, Transport.Grpc, Ct))
        {
            await spoken.Events.WaitForStateAsync(SessionState.Listening);
            Assert.Contains("not a coding question", await InterviewScript.FailsWith(StatusCode.FailedPrecondition, () =>
                client.RunCodeAsync(new RunCodeRequest { SessionId = technical, Source = "x = 1" }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);
            await InterviewScript.FailsWith(StatusCode.FailedPrecondition, () =>
                client.ControlAsync(new ControlRequest { SessionId = technical, Action = ControlAction.Hint }, cancellationToken: Ct).ResponseAsync);
        }

        // Coding questions only where they fit.
        var behavioral = new SessionConfig { Role = "backend", InterviewType = InterviewType.Behavioral, QuestionCount = 2, CodingQuestionCount = 1 };
        Assert.Contains("config.coding_question_count", await InterviewScript.FailsWith(StatusCode.InvalidArgument, () =>
            client.CreateSessionAsync(new CreateSessionRequest { Config = behavioral }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);
        var tooMany = InterviewScript.TextOnly(2);
        tooMany.CodingQuestionCount = 3;
        Assert.Contains("config.coding_question_count", await InterviewScript.FailsWith(StatusCode.InvalidArgument, () =>
            client.CreateSessionAsync(new CreateSessionRequest { Config = tooMany }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);

        var (coder, connection, sessionId, _) = await StartCodingAsync(CodingConfig());
        await using var __ = connection;
        Assert.Contains("source", await InterviewScript.FailsWith(StatusCode.InvalidArgument, () =>
            coder.RunCodeAsync(new RunCodeRequest { SessionId = sessionId, Source = " " }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);
        var huge = await InterviewScript.FailsWith(StatusCode.InvalidArgument, () =>
            coder.RunCodeAsync(new RunCodeRequest { SessionId = sessionId, Source = new string('#', 70_000) }, cancellationToken: Ct).ResponseAsync);
        Assert.StartsWith("source:", huge, StringComparison.Ordinal);
        Assert.Contains("65536", huge, StringComparison.Ordinal);

        Host.CodeRunnerDown = true;
        Assert.Contains("code runner is unavailable", await InterviewScript.FailsWith(StatusCode.Unavailable, () =>
            coder.RunCodeAsync(new RunCodeRequest { SessionId = sessionId, Source = "x = 1" }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);
        Assert.False((await coder.GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: Ct)).CodingAvailable);
        await InterviewScript.FailsWith(StatusCode.Unavailable, () =>
            coder.CreateSessionAsync(new CreateSessionRequest { Config = CodingConfig() }, cancellationToken: Ct).ResponseAsync);
        Host.CodeRunnerDown = false;

        // The runner is back: the same code runs, and the session went on meanwhile.
        var run = await coder.RunCodeAsync(new RunCodeRequest { SessionId = sessionId, Source = "x = 1" }, cancellationToken: Ct);
        Assert.NotEqual(Verdict.Accepted, run.Result.Verdict);
        Assert.Single(run.Task.Runs);
    }
}
