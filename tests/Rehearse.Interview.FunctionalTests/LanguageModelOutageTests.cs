using Rehearse.Interview.V1;
using Rehearse.Testing.FakeLlm;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>How the fake language model fails, for good.</summary>
public enum ModelFailure
{
    /// <summary>HTTP 503 to every request.</summary>
    ServerError,

    /// <summary>HTTP 429 with a Retry-After to every request.</summary>
    RateLimit,

    /// <summary>No answer within the request timeout.</summary>
    Timeout,

    /// <summary>Replies that are not the JSON asked for (follow-ups, which are free text, still work).</summary>
    MalformedJson,
}

/// <summary>
/// A session on the OpenAI-compatible engine whose model keeps failing still runs to its report: the built-in
/// interviewer takes over with a note, and the client is told. The model is the loopback fake.
/// </summary>
public sealed class LanguageModelOutageTests(SpeechServiceFixture speech) : IAsyncLifetime
{
    private const string Model = "llama3.1:8b";

    private FakeLlmServer _model = null!;
    private TestDatabase _database = null!;
    private InterviewHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _model = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        _database = await TestDatabase.CreateAsync();
        _host = new InterviewHost(_database.ConnectionString, speech, new Dictionary<string, string?>
        {
            ["Interviewers:OpenAiCompatible:BaseUrl"] = _model.OpenAiBaseUrl.ToString(),
            ["Interviewers:OpenAiCompatible:Model"] = Model,
            // Short timeouts and back-off so that every request's retries run out quickly.
            ["Interviewers:LanguageModel:RequestTimeout"] = "00:00:01",
            ["Interviewers:LanguageModel:MaxRetries"] = "1",
            ["Interviewers:LanguageModel:InitialBackoff"] = "00:00:00.050",
            ["Interviewers:LanguageModel:MaxBackoff"] = "00:00:00.500",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Theory]
    [InlineData(ModelFailure.ServerError, "HTTP 503")]
    [InlineData(ModelFailure.RateLimit, "HTTP 429")]
    [InlineData(ModelFailure.Timeout, "did not answer in time")]
    [InlineData(ModelFailure.MalformedJson, null)]
    public async Task A_session_whose_language_model_keeps_failing_runs_to_its_report_on_the_built_in_interviewer(ModelFailure failure, string? retried)
    {
        var ct = TestContext.Current.CancellationToken;
        Fail(failure);
        var client = _host.Client("test-" + Guid.NewGuid().ToString("N"), Transport.GrpcWeb);
        var config = InterviewScript.TextOnly();
        config.Engine = InterviewerEngine.OpenaiCompatible;
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: ct)).Session;
        Assert.Equal(InterviewerEngine.OpenaiCompatible, session.Config.Engine);
        Assert.Equal(2, session.QuestionCount);

        await using var connection = await SessionConnection.StartAsync(client, session.Id, Transport.GrpcWeb, ct);
        var answers = await InterviewScript.PlayAsync(connection.Events, async i =>
        {
            var text = InterviewScript.TypedAnswer(i);
            await connection.SendTextAsync(text, ct);
            return text;
        });
        await connection.Events.WaitForEndAsync(TimeSpan.FromSeconds(120));

        // The model was asked, failed, and the client was told each time it was retried and when it was given up:
        // for the plan (the session's first events, from before it started) and during the interview.
        Assert.NotEmpty(_model.Requests);
        Assert.All(_model.Requests, r => Assert.Equal(Model, r.Model));
        var seen = connection.Events.Seen;
        static bool FellBack(SessionEvent e) => e.Notice is { Code: "engine_fallback", Level: NoticeLevel.Warning };
        Assert.Contains(seen.TakeWhile(e => e.StateChanged is null), FellBack);
        Assert.Contains(seen.SkipWhile(e => e.StateChanged is null), FellBack);
        if (retried is not null)
        {
            Assert.Contains(seen, e => e.Notice is { Code: "llm_retry" } n && n.Message.Contains(retried, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(seen, e => e.Notice?.Level == NoticeLevel.Error);
        Assert.Contains(seen, e => e.ReportReady is not null);

        // The report covers every answer, scored by the built-in scorer, and says so.
        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct)).Report;
        Assert.Equal(InterviewerEngine.OpenaiCompatible, report.Engine);
        Assert.Equal(answers, report.Turns.Select(t => t.Turn.Answer));
        Assert.All(report.Turns, t => Assert.InRange(t.Turn.Scores.Overall, 1, 100));
        Assert.Contains(report.Notes, n => n.Contains("built-in scorer", StringComparison.Ordinal));
        Assert.Equal(answers, (await _database.StoredAnswersAsync(session.Id)).Report);
    }

    private void Fail(ModelFailure failure)
    {
        if (failure == ModelFailure.MalformedJson)
        {
            _model.Responder = r => r.Stream
                ? FakeLlmReply.Text("Could you give a concrete example of that?")
                : FakeLlmReply.Text("""Sure! Here is the JSON: {"technicalDepth": {"score": 140""");
            return;
        }
        _model.DefaultReply = failure switch
        {
            ModelFailure.ServerError => FakeLlmReply.Error(503),
            ModelFailure.RateLimit => FakeLlmReply.Error(429, TimeSpan.FromSeconds(1)),
            _ => FakeLlmReply.Hang(TimeSpan.FromSeconds(30)),
        };
    }
}
