using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>The service stopping mid-interview loses no completed turn, and the session continues after a start.</summary>
public sealed class RestartTests(SpeechServiceFixture speech) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_restarted_service_keeps_completed_turns_and_continues_the_session()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = "test-" + Guid.NewGuid().ToString("N");
        string sessionId;
        long lastSequence;
        await using (var before = new InterviewHost(_database.ConnectionString, speech))
        {
            var client = before.Client(key);
            sessionId = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(3) }, cancellationToken: ct)).Session.Id;
            using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = sessionId }, cancellationToken: ct);
            await using var events = SessionEvents.From(stream);
            await client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: ct);
            await events.WaitForStateAsync(SessionState.Listening);
            await client.SendTextAsync(new SendTextRequest { SessionId = sessionId, Text = InterviewScript.TypedAnswer(0) }, cancellationToken: ct);
            // The next question is being asked when the service goes down; the answered turn is committed by then.
            lastSequence = (await events.WaitForStateAsync(SessionState.Listening)).Sequence;
            await _database.WaitForAsync($"SELECT count(*) FROM turns WHERE session_id = '{sessionId}'", 1);
        }

        await using var after = new InterviewHost(_database.ConnectionString, speech);
        var again = after.Client(key, Transport.GrpcWeb);
        var stored = await again.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: ct);
        Assert.Equal(InterviewScript.TypedAnswer(0), Assert.Single(stored.Turns).Answer);
        Assert.True(stored.Session.LastSequence >= lastSequence, "Every event before the stop was stored.");

        using var resumedStream = again.StreamEvents(new StreamEventsRequest { SessionId = sessionId, AfterSequence = stored.Session.LastSequence }, cancellationToken: ct);
        await using var resumed = SessionEvents.From(resumedStream);
        await again.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: ct);
        var answers = await InterviewScript.PlayAsync(resumed, async i =>
        {
            var text = InterviewScript.TypedAnswer(i + 1);
            await again.SendTextAsync(new SendTextRequest { SessionId = sessionId, Text = text }, cancellationToken: ct);
            return text;
        });
        await resumed.WaitForEndAsync();

        var finished = await again.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: ct);
        Assert.Equal(SessionState.Finished, finished.Session.State);
        Assert.Equal([InterviewScript.TypedAnswer(0), .. answers], finished.Turns.Select(t => t.Answer));
        Assert.Equal(Enumerable.Range(0, finished.Turns.Count), finished.Turns.Select(t => t.Index));
    }
}
