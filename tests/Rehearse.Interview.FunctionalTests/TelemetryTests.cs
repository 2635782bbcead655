using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// Traces and metrics of a spoken answer, with the Speech service reached over a real connection: one trace runs
/// from the candidate's call through recognition, the interviewer's decision and synthesis in both services, and the
/// scrape endpoint shows the Interview service's instruments.
/// </summary>
public sealed class TelemetryTests(SpeechServiceFixture recorder) : IAsyncLifetime
{
    private const int MetricsPort = 9465;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Exported spans of every service in the process (activity listeners are process-wide), hence the filtering by trace.
    private readonly ExportedSpans _spans = new();
    private SocketSpeechService _speech = null!;
    private TestDatabase _database = null!;
    private InterviewHost _host = null!;

    [Fact]
    public async Task A_spoken_answer_is_one_trace_through_both_services_and_the_scrape_shows_its_measurements()
    {
        // Values are read from this service's own meters: the scrape also shows the same-named instruments of the
        // other services that tests host in this process, and any of them may be the one exported.
        using var measurements = new HostMeasurements(_host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var pcm = await SpokenAnswers.SynthesizeAsync(recorder, SpokenAnswers.Text(0), Ct);
        var client = _host.Client("test-" + Guid.NewGuid().ToString("N"));
        var config = InterviewScript.TextOnly(1);
        config.Spoken = true;
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct)).Session;
        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: Ct);
        await using var events = SessionEvents.From(stream);
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.Start }, cancellationToken: Ct);
        await events.WaitForStateAsync(SessionState.Listening, TimeSpan.FromSeconds(60));

        long chunk = 0;
        foreach (var audio in SpokenAnswers.Chunks(pcm))
        {
            await client.SendAudioAsync(new SendAudioRequest { SessionId = session.Id, Audio = audio, ChunkSequence = ++chunk }, cancellationToken: Ct);
        }
        // Silence after the words, so the Speech service hears the speech end before the answer is done.
        for (var i = 0; i < 10; i++)
        {
            await client.SendAudioAsync(new SendAudioRequest { SessionId = session.Id, Audio = SpokenAnswers.Silence, ChunkSequence = ++chunk }, cancellationToken: Ct);
        }
        await events.WaitForAsync(e => e.CandidateSpeech is { Speaking: false }, TimeSpan.FromSeconds(120));
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.DoneAnswering }, cancellationToken: Ct);
        var completed = await events.WaitForAsync(e => e.AnswerCompleted is not null, TimeSpan.FromSeconds(150));
        await events.WaitForAsync(e => e.Sequence > completed.Sequence && e.InterviewerAudio is { Audio.Length: > 0 }, TimeSpan.FromSeconds(60));

        var trace = await TraceOfAnswerAsync();

        var answer = Assert.Single(trace, s => s.OperationName == "interview.answer");
        // Under the candidate's call that brought the answer's first audio, through the call to the session's grain.
        var call = Assert.Single(trace, s => s.SpanId == answer.ParentSpanId);
        var grainCalls = 0;
        while (call.Source.Name == Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName)
        {
            Assert.Contains("SendAudio", call.DisplayName, StringComparison.Ordinal);
            grainCalls++;
            var grainCall = call;
            call = Assert.Single(trace, s => s.SpanId == grainCall.ParentSpanId);
        }
        Assert.True(grainCalls > 0, "The answer runs in the session's grain.");
        Assert.Equal(ActivityKind.Server, call.Kind);
        Assert.Contains("SendAudio", call.DisplayName, StringComparison.Ordinal);
        Assert.Contains(trace, s => s.OperationName == "interview.interviewer.decide" && s.ParentSpanId == answer.SpanId);
        Assert.Contains(trace, s => s.OperationName == "interview.speak" && s.ParentSpanId == answer.SpanId);
        // The Speech service's calls continue the trace from the Interview service's headers (a remote parent).
        var speechCalls = trace.Where(s => s.Kind == ActivityKind.Server && s.HasRemoteParent && s.DisplayName.Contains("rehearse.speech.v1.SpeechService", StringComparison.Ordinal)).ToList();
        Assert.Contains(speechCalls, s => s.DisplayName.Contains("StreamingRecognize", StringComparison.Ordinal));
        Assert.Contains(speechCalls, s => s.DisplayName.Contains("Synthesize", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Source.Name == "Rehearse.Speech.Recognition" && s.OperationName == "speech.recognition.final");
        Assert.Contains(trace, s => s.Source.Name == "Rehearse.Speech.Synthesis" && s.OperationName == "speech.synthesis.sentence");

        var voiceToVoice = Assert.Single(measurements.Values("rehearse.interview.voice_to_voice"));
        Assert.InRange(voiceToVoice, 0.0, 60.0);
        Assert.True(measurements.Values("rehearse.interview.utterance.time_to_first_audio").Count >= 2, "the question and the reply");
        Assert.True(measurements.Values("rehearse.interview.interviewer.decision.duration", ("outcome", "ok")).Count >= 2);
        var scrape = await ScrapeAsync();
        foreach (var family in new[] { "rehearse_interview_voice_to_voice_seconds", "rehearse_interview_utterance_time_to_first_audio_seconds", "rehearse_interview_interviewer_decision_duration_seconds" })
        {
            Assert.NotEmpty(scrape.Find(family + "_count"));
        }
        // Other tests' services in this process export gauges of the same names, so there may be several.
        Assert.NotEmpty(scrape.Find("rehearse_interview_sessions_active"));
        Assert.NotEmpty(scrape.Find("rehearse_interview_sessions_loaded"));

        // A refusal is counted by method and reason; the metrics are not served on the public port.
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await client.GetSessionAsync(new GetSessionRequest { SessionId = "not-a-session-id" }, cancellationToken: Ct));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, refused.StatusCode);
        // Counted on this service's own meters (the scrape mixes in other tests' services of the process).
        Assert.Equal(1, measurements.Sum("rehearse.rpc.server.refusals",
            ("rpc.method", "/rehearse.interview.v1.InterviewService/GetSession"), ("reason", "not_found")));

        using var publicPort = new HttpClient(_host.Server.CreateHandler(context => context.Connection.LocalPort = 8080)) { BaseAddress = _host.Server.BaseAddress };
        var page = await publicPort.GetAsync("/metrics", Ct);
        Assert.DoesNotContain("rehearse_", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    public async ValueTask InitializeAsync()
    {
        _speech = new SocketSpeechService();
        _database = await TestDatabase.CreateAsync();
        _host = new InterviewHost(
            _database.ConnectionString,
            () => SpeechConnection.CreateHandler(new SpeechClientOptions { Address = _speech.Address }),
            new Dictionary<string, string?>
            {
                ["Speech:Address"] = _speech.Address,
                ["Speech:RecognitionModel"] = "moonshine-tiny",
                ["Speech:RecognitionGrace"] = "00:02:00",
                ["Endpoints:MetricsPort"] = MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
        {
            ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
        await _speech.DisposeAsync();
    }

    /// <summary>
    /// The spans of the trace of the answer, once its reply has been spoken and the Speech service's synthesis call has
    /// ended too: a server span is exported when it ends, which may be just after the client has read the last audio.
    /// </summary>
    private async Task<IReadOnlyList<Activity>> TraceOfAnswerAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var spans = _spans.Snapshot();
            if (spans.FirstOrDefault(s => s.OperationName == "interview.answer") is { } answer)
            {
                var trace = spans.Where(s => s.TraceId == answer.TraceId).ToList();
                var spoken = trace.Any(s => s.OperationName == "interview.speak")
                    && trace.Any(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("rehearse.speech.v1.SpeechService", StringComparison.Ordinal)
                        && s.DisplayName.Contains("Synthesize", StringComparison.Ordinal));
                if (spoken || deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    return trace;
                }
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "No answer span was exported.");
            await Task.Delay(100, Ct);
        }
    }

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var scraper = new HttpClient(_host.Server.CreateHandler(context => context.Connection.LocalPort = MetricsPort)) { BaseAddress = _host.Server.BaseAddress };
        var response = await scraper.GetAsync("/metrics", Ct);
        response.EnsureSuccessStatusCode();
        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>The exporter's collection, which it adds to from the threads that end spans.</summary>
    private sealed class ExportedSpans : System.Collections.ObjectModel.Collection<Activity>
    {
        public Activity[] Snapshot()
        {
            lock (Items)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (Items)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
