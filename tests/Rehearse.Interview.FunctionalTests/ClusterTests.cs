using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// Two Interview processes (silos) in one cluster, clustered through the test database: any process takes any
/// session's calls, the running-session limit holds across them, and a session whose process stops continues
/// through the other from its current turn, its events resumed by sequence without a gap.
/// </summary>
public sealed class ClusterTests(SpeechServiceFixture speech) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_session_first_used_through_one_process_is_driven_through_the_other()
    {
        await using var a = Silo();
        await using var b = Silo();
        var key = "test-" + Guid.NewGuid().ToString("N");
        var throughA = a.Client(key);
        var throughB = b.Client(key, Transport.GrpcWeb);
        var sessionId = (await throughA.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(2) }, cancellationToken: Ct)).Session.Id;
        // First used through A, the session runs in A.
        await throughA.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: Ct);

        using var stream = throughB.StreamEvents(new StreamEventsRequest { SessionId = sessionId }, cancellationToken: Ct);
        await using var events = SessionEvents.From(stream);
        await throughB.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: Ct);
        var answers = await InterviewScript.PlayAsync(events, async i =>
        {
            var text = InterviewScript.TypedAnswer(i);
            await throughB.SendTextAsync(new SendTextRequest { SessionId = sessionId, Text = text }, cancellationToken: Ct);
            return text;
        });
        await events.WaitForEndAsync();

        Assert.True(answers.Count >= 2, "Both questions answered through B.");
        Assert.NotNull(Held(a, sessionId));
        Assert.Null(Held(b, sessionId));
        var finished = await throughA.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: Ct);
        Assert.Equal(SessionState.Finished, finished.Session.State);
        Assert.Equal(answers, finished.Turns.Select(t => t.Answer));
        var report = await throughB.GetReportAsync(new GetReportRequest { SessionId = sessionId }, cancellationToken: Ct);
        Assert.Equal(answers.Count, report.Report.Turns.Count);

        // Someone else's session is missing through either process.
        var stranger = b.Client("test-" + Guid.NewGuid().ToString("N"));
        await InterviewScript.FailsWith(StatusCode.NotFound, async () => await stranger.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: Ct));
    }

    [Fact]
    public async Task The_running_session_limit_holds_across_processes()
    {
        var settings = new Dictionary<string, string?> { ["Interview:MaxActiveSessionsPerUser"] = "1" };
        await using var a = Silo(settings);
        await using var b = Silo(settings);
        var key = "test-" + Guid.NewGuid().ToString("N");
        var throughA = a.Client(key);
        var throughB = b.Client(key);
        var first = await CreateAsync(throughA);
        var second = await CreateAsync(throughB);
        await throughA.GetSessionAsync(new GetSessionRequest { SessionId = first }, cancellationToken: Ct);
        await throughB.GetSessionAsync(new GetSessionRequest { SessionId = second }, cancellationToken: Ct);

        await StartAsync(throughA, first);
        var refused = await InterviewScript.FailsWith(StatusCode.ResourceExhausted, () => StartAsync(throughB, second));
        Assert.Contains("Interview:MaxActiveSessionsPerUser", refused, StringComparison.Ordinal);
        Assert.Null(Held(a, second));

        // Ended through the other process, the first session frees its place.
        await throughB.EndSessionAsync(new EndSessionRequest { SessionId = first }, cancellationToken: Ct);
        await StartAsync(throughB, second);
        await InterviewScript.FailsWith(StatusCode.ResourceExhausted, () => StartAsync(throughA, first));
    }

    [Fact]
    public async Task A_session_whose_process_stops_continues_through_the_other_and_its_events_resume_without_a_gap()
    {
        var a = Silo();
        await using var b = Silo();
        var key = "test-" + Guid.NewGuid().ToString("N");
        var throughA = a.Client(key);
        var throughB = b.Client(key);
        var sessionId = (await throughA.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(3) }, cancellationToken: Ct)).Session.Id;
        await throughA.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: Ct);

        // Events through B from the session running in A; the first question is answered through A.
        var firstStream = throughB.StreamEvents(new StreamEventsRequest { SessionId = sessionId }, cancellationToken: Ct);
        var before = SessionEvents.From(firstStream);
        await throughA.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: Ct);
        await before.WaitForStateAsync(SessionState.Listening);
        await throughA.SendTextAsync(new SendTextRequest { SessionId = sessionId, Text = InterviewScript.TypedAnswer(0) }, cancellationToken: Ct);
        await before.WaitForStateAsync(SessionState.Listening);
        await _database.WaitForAsync($"SELECT count(*) FROM turns WHERE session_id = '{sessionId}'", 1);
        Assert.NotNull(Held(a, sessionId));

        // A stops (as a pod does, gracefully): the session is saved and its stream through B ends, UNAVAILABLE.
        await a.DisposeAsync();
        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() => before.WaitForAsync(_ => false));
        Assert.Contains("ended", ended.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unavailable, firstStream.GetStatus().StatusCode);
        await before.DisposeAsync();
        firstStream.Dispose();
        var seenBefore = before.Seen.Where(e => !SessionEvents.IsLiveOnly(e)).Select(e => e.Sequence).ToList();

        // Resumed through B by the last sequence seen, the session continues in B from its current turn.
        using var resumedStream = throughB.StreamEvents(new StreamEventsRequest { SessionId = sessionId, AfterSequence = seenBefore.Max() }, cancellationToken: Ct);
        await using var resumed = SessionEvents.From(resumedStream);
        var stored = await throughB.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: Ct);
        Assert.Equal(InterviewScript.TypedAnswer(0), Assert.Single(stored.Turns).Answer);
        await throughB.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: Ct);
        var answers = await InterviewScript.PlayAsync(resumed, async i =>
        {
            var text = InterviewScript.TypedAnswer(i + 1);
            await throughB.SendTextAsync(new SendTextRequest { SessionId = sessionId, Text = text }, cancellationToken: Ct);
            return text;
        });
        await resumed.WaitForEndAsync();
        Assert.NotNull(Held(b, sessionId));

        var finished = await throughB.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: Ct);
        Assert.Equal(SessionState.Finished, finished.Session.State);
        Assert.Equal([InterviewScript.TypedAnswer(0), .. answers], finished.Turns.Select(t => t.Answer));
        // Every stored event reached the subscriber, once, across the two streams.
        var seen = seenBefore.Concat(resumed.Seen.Where(e => !SessionEvents.IsLiveOnly(e)).Select(e => e.Sequence)).ToList();
        // The store is written behind the conversation: wait for the last event streamed to be stored.
        await _database.WaitForAsync($"SELECT max(sequence) FROM events WHERE session_id = '{sessionId}'", seen.Max());
        var storedSequences = (await _database.StringsAsync($"SELECT sequence::text AS s FROM events WHERE session_id = '{sessionId}' ORDER BY sequence")).Select(long.Parse);
        Assert.Equal(storedSequences, seen);
    }

    private InterviewHost Silo(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Orleans:ClusterId"] = _clusterId };
        var host = new InterviewHost(_database.ConnectionString, speech, all);
        _ = host.Server;
        return host;
    }

    /// <summary>The actor of a session if this process holds it.</summary>
    private static SessionActor? Held(InterviewHost host, string sessionId) =>
        host.Services.GetRequiredService<LoadedSessions>().Find(Guid.Parse(sessionId));

    private static async Task<string> CreateAsync(InterviewService.InterviewServiceClient client) =>
        (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session.Id;

    private static async Task StartAsync(InterviewService.InterviewServiceClient client, string sessionId) =>
        await client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: Ct);
}
