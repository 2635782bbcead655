using Microsoft.Extensions.Options;
using Rehearse.Interview.Interviewers.Coding;
using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Testing.FakeLlm;

namespace Rehearse.Interview.Interviewers.UnitTests.Llm;

public sealed class LanguageModelInterviewerTests : IAsyncLifetime
{
    private static readonly InterviewSetup Setup = new("backend", InterviewKind.Technical, DifficultyLevel.Medium, 2,
        "Senior backend engineer for our payments platform: Go, PostgreSQL, Kafka.", "Five years building payment APIs in Go.");

    private readonly List<InterviewerNotice> _notices = [];
    private FakeLlmServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private IInterviewer Create(InterviewerEngineKind engine = InterviewerEngineKind.Gemini, TimeSpan? timeout = null)
    {
        var options = new InterviewersOptions
        {
            Offline = { Seed = 3 },
            Gemini = { ApiKey = "test-key", BaseUrl = _server.GeminiBaseUrl, Model = "gemini-2.5-flash" },
            OpenAiCompatible = { BaseUrl = _server.OpenAiBaseUrl, Model = "llama3.1:8b" },
            LanguageModel = { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromSeconds(2), RequestTimeout = timeout ?? TimeSpan.FromSeconds(10), MaxRetries = 3 },
        };
        var factory = new InterviewerFactory(Interviewers.Catalog, Interviewers.Reports, TimeProvider.System, Options.Create(options));
        return factory.Create(engine, _notices.Add);
    }

    private static object Plan(params string[] texts) => new
    {
        questions = texts.Select(t => new { text = t, keyPoints = new[] { "Idempotency keys", "Exactly-once versus at-least-once" }, exampleAnswer = "Use idempotency keys." }).ToArray(),
    };

    private static object Assessment(int score) => new
    {
        technicalDepth = new { score, reason = "Knows idempotency keys." },
        communication = new { score = 80, reason = "Clear." },
        problemSolving = new { score = 70, reason = "Reasoned about retries." },
        coveredPoints = new[] { "Idempotency keys" },
        missedPoints = new[] { "Exactly-once versus at-least-once" },
        strengths = new[] { "Concrete payment example." },
        improvements = new[] { "Discuss at-least-once delivery." },
        exampleAnswer = "A stronger answer names the delivery guarantee.",
    };

    [Fact]
    public async Task Gemini_plans_questions_tailored_to_the_job_description_through_its_openai_compatible_path()
    {
        _server.Enqueue(FakeLlmReply.Json(Plan("How would you make payment retries safe in Go?", "How would you consume payment events from Kafka exactly once?")));

        var plan = await Create().PlanAsync(Setup, TestContext.Current.CancellationToken);

        Assert.Equal(["How would you make payment retries safe in Go?", "How would you consume payment events from Kafka exactly once?"], plan.Select(q => q.Text));
        Assert.Equal(["Idempotency keys", "Exactly-once versus at-least-once"], plan[0].KeyPoints);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1beta/openai/chat/completions", request.Path);
        Assert.Equal("gemini-2.5-flash", request.Model);
        Assert.Equal("Bearer test-key", request.Authorization);
        Assert.Contains(request.Messages, m => m.Role == "user" && m.Content.Contains("payments platform", StringComparison.Ordinal) && m.Content.Contains("Five years building payment APIs", StringComparison.Ordinal));
        Assert.Empty(_notices);
    }

    [Fact]
    public async Task A_follow_up_streams_in_fragments_from_the_conversation()
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Create(InterviewerEngineKind.OpenAiCompatible);
        var plan = new[] { Interviewers.Catalog.FindQuestion("backend-cache-invalidation")!.ToPlanned() };
        var progress = new InterviewProgress(Setup, plan, []);
        progress = progress.With(Interviewers.Answer(progress, "I would put Redis in front of it."));
        const string followUp = "You mentioned Redis. How would you stop it serving stale prices after an update?";
        _server.Enqueue(FakeLlmReply.Text(followUp));

        var move = await interviewer.NextMoveAsync(progress, ct);
        var fragments = new List<string>();
        await foreach (var fragment in move.Text.WithCancellation(ct))
        {
            fragments.Add(fragment);
        }

        Assert.Equal(MoveKind.FollowUp, move.Kind);
        Assert.True(fragments.Count > 5, $"{fragments.Count} fragments");
        Assert.Equal(followUp, string.Concat(fragments));
        var request = Assert.Single(_server.Requests);
        Assert.True(request.Stream);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Contains(request.Messages, m => m.Role == "user" && m.Content == "I would put Redis in front of it.");
    }

    [Fact]
    public async Task A_rate_limit_is_retried_after_the_retry_after_delay_with_a_notice()
    {
        _server.Enqueue(FakeLlmReply.Error(429, TimeSpan.FromSeconds(1)), FakeLlmReply.Json(Plan("Q1?", "Q2?")));
        var started = DateTimeOffset.UtcNow;

        var plan = await Create().PlanAsync(Setup, TestContext.Current.CancellationToken);

        Assert.Equal(["Q1?", "Q2?"], plan.Select(q => q.Text));
        Assert.Equal(2, _server.Requests.Count);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the Retry-After of 1 s was not honoured");
        var notice = Assert.Single(_notices);
        Assert.Equal("llm_retry", notice.Code);
        Assert.Contains("429", notice.Message, StringComparison.Ordinal);
        Assert.Contains("retrying in 1 s", notice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_and_timeouts_are_retried_with_back_off()
    {
        _server.Enqueue(FakeLlmReply.Error(500), FakeLlmReply.Hang(TimeSpan.FromSeconds(5)), FakeLlmReply.Error(503), FakeLlmReply.Json(Plan("Q1?", "Q2?")));

        var plan = await Create(timeout: TimeSpan.FromSeconds(1)).PlanAsync(Setup, TestContext.Current.CancellationToken);

        Assert.Equal("Q1?", plan[0].Text);
        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal(3, _notices.Count(n => n.Code == "llm_retry"));
        Assert.Contains(_notices, n => n.Message.Contains("did not answer in time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_retries_run_out_the_offline_plan_takes_over_with_a_notice()
    {
        _server.DefaultReply = FakeLlmReply.Error(500);

        var plan = await Create().PlanAsync(Setup, TestContext.Current.CancellationToken);

        Assert.Equal(2, plan.Count);
        Assert.All(plan, q => Assert.NotNull(Interviewers.Catalog.FindQuestion(q.Id)));
        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal("engine_fallback", _notices[^1].Code);
    }

    [Fact]
    public async Task A_malformed_assessment_is_retried_once_naming_the_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Create();
        var plan = new[] { Interviewers.Catalog.FindQuestion("backend-idempotent-endpoints")!.ToPlanned() };
        var progress = new InterviewProgress(Setup, plan, []);
        var turn = Interviewers.Answer(progress, "We send an idempotency key with each payment and store it with the result.");
        progress = progress.With(turn);
        _server.Enqueue(FakeLlmReply.Text("""{"technicalDepth": {"score": 140}}"""), FakeLlmReply.Json(Assessment(77)));

        var assessment = await interviewer.AssessAsync(progress, turn, ct);

        Assert.Equal(InterviewerEngineKind.Gemini, assessment.Engine);
        Assert.Equal(77, assessment.Scores.TechnicalDepth.Score);
        Assert.Null(assessment.Note);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Contains(_server.Requests[1].Messages, m => m.Role == "user" && m.Content.Contains("\"technicalDepth\" must be", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_malformed_assessments_hand_over_to_the_offline_scorer_with_a_note_in_the_report()
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Create();
        var plan = new[] { Interviewers.Catalog.FindQuestion("backend-idempotent-endpoints")!.ToPlanned() };
        var progress = new InterviewProgress(Setup, plan, []);
        var turn = Interviewers.Answer(progress, "We send an idempotency key with each payment and store it with the result.");
        progress = progress.With(turn);
        _server.Enqueue(FakeLlmReply.Text("Sure! Here is my assessment: great answer."), FakeLlmReply.Text("{not json"));

        var assessment = await interviewer.AssessAsync(progress, turn, ct);
        var report = await interviewer.WriteReportAsync(progress, [assessment], ct);

        Assert.Equal(InterviewerEngineKind.Offline, assessment.Engine);
        Assert.NotNull(assessment.Note);
        Assert.Contains("Idempotency keys make non-idempotent operations safe to retry", assessment.CoveredPoints);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal("engine_fallback", Assert.Single(_notices).Code);
        Assert.Equal(InterviewerEngineKind.Gemini, report.Engine);
        Assert.Contains(assessment.Note, report.Notes);
    }

    private const string TwoSumCode = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i";

    private static (InterviewProgress Progress, AnsweredTurn Turn) TwoSumSession() => Interviewers.CodingSession(
        "I keep a dictionary from value to index and look up the complement in one pass, so it is O of n.",
        new CodingOutcome("two-sum", "Two Sum", "Python", TwoSumCode, true, 9, 10, 6, 7, 3, TimeSpan.FromMinutes(5), 1,
            "Wrong answer: 9 of 10 tests passed; hidden test 8 expected [1,2] but got null."));

    [Fact]
    public async Task A_coding_answer_is_assessed_from_the_code_its_results_and_the_transcript_keeping_the_parsed_complexity()
    {
        var (progress, turn) = TwoSumSession();
        _server.Enqueue(FakeLlmReply.Json(Assessment(64)));

        var assessment = await Create().AssessAsync(progress, turn, TestContext.Current.CancellationToken);

        var prompt = Assert.Single(Assert.Single(_server.Requests).Messages, m => m.Role == "user").Content;
        Assert.Contains(TwoSumCode, prompt, StringComparison.Ordinal);
        Assert.Contains("Wrong answer: 9 of 10 tests passed; hidden test 8 expected [1,2] but got null.", prompt, StringComparison.Ordinal);
        Assert.Contains("Expected complexity: O(n) time, O(n) space.", prompt, StringComparison.Ordinal);
        Assert.Contains("Hints used: 1.", prompt, StringComparison.Ordinal);
        Assert.Contains(turn.Answer, prompt, StringComparison.Ordinal);
        Assert.Equal(InterviewerEngineKind.Gemini, assessment.Engine);
        Assert.Equal(64, assessment.Scores.TechnicalDepth.Score);
        Assert.Equal(new CodingAssessment("O(n)", "O(n)", true, "O(n)"), assessment.Coding);
    }

    [Fact]
    public async Task The_follow_up_to_a_submitted_solution_shows_the_model_the_code_and_asks_for_its_complexity_and_edge_cases()
    {
        var ct = TestContext.Current.CancellationToken;
        var (progress, _) = TwoSumSession();
        _server.Enqueue(FakeLlmReply.Text("Your dictionary lookup is linear overall; what happens when the same number appears twice?"));

        var move = await Create(InterviewerEngineKind.OpenAiCompatible).NextMoveAsync(progress, ct);
        await move.ReadAllTextAsync(ct);

        Assert.Equal(MoveKind.FollowUp, move.Kind);
        var messages = Assert.Single(_server.Requests).Messages;
        Assert.Contains(messages, m => m.Role == "user" && m.Content.Contains(TwoSumCode, StringComparison.Ordinal) && m.Content.Contains("9 of 10 tests passed", StringComparison.Ordinal));
        // The instruction itself, not only the example question quoted in it, asks for complexity and edge cases.
        var instruction = messages[^1].Content.Replace(CodingQuestions.FollowUp(progress)!, "", StringComparison.Ordinal);
        Assert.Contains("complexity", instruction, StringComparison.Ordinal);
        Assert.Contains("edge cases", instruction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_model_fails_a_coding_answer_is_scored_from_its_tests_by_the_offline_scorer_with_a_note()
    {
        var ct = TestContext.Current.CancellationToken;
        var (progress, turn) = TwoSumSession();
        _server.DefaultReply = FakeLlmReply.Error(500);

        var assessment = await Create().AssessAsync(progress, turn, ct);

        var offline = await Interviewers.Offline().AssessAsync(progress, turn, ct);
        Assert.Equal(InterviewerEngineKind.Offline, assessment.Engine);
        Assert.Equal("The language model's assessment could not be used, so the built-in scorer assessed this answer.", assessment.Note);
        Assert.Equal(offline.Scores, assessment.Scores);
        Assert.Contains("passed 9 of 10 tests (6 of 7 hidden)", assessment.Scores.TechnicalDepth.Reason, StringComparison.Ordinal);
        Assert.Equal(offline.Coding, assessment.Coding);
        Assert.Equal("engine_fallback", _notices[^1].Code);
    }

    [Fact]
    public void Engines_without_configuration_are_reported_unavailable_with_a_reason_in_the_callers_terms()
    {
        var factory = new InterviewerFactory(Interviewers.Catalog, Interviewers.Reports, TimeProvider.System, Options.Create(new InterviewersOptions()));

        var gemini = factory.Engines.Single(e => e.Engine == InterviewerEngineKind.Gemini);
        var compatible = factory.Engines.Single(e => e.Engine == InterviewerEngineKind.OpenAiCompatible);

        Assert.False(gemini.Available);
        Assert.Equal("This server has no Gemini API key configured.", gemini.UnavailableReason);
        Assert.False(compatible.Available);
        // The reasons reach end users: they say what is missing, not which setting to change.
        Assert.All([gemini.UnavailableReason, compatible.UnavailableReason], reason =>
            Assert.DoesNotMatch("GEMINI_API_KEY|Interviewers:", reason!));
        Assert.Throws<InvalidOperationException>(() => factory.Create(InterviewerEngineKind.Gemini));
        Assert.IsType<Rehearse.Interview.Interviewers.Offline.OfflineInterviewer>(factory.Create(InterviewerEngineKind.Offline));
    }
}
