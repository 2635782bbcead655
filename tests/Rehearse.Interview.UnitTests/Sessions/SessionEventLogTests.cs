using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class SessionEventLogTests
{
    private static readonly Guid SessionId = Guid.NewGuid();

    [Fact]
    public void A_new_session_numbers_its_events_from_one_without_gaps()
    {
        var log = new SessionEventLog(SessionId, [], 16, _ => { }, TimeProvider.System);

        Assert.Equal([1L, 2L, 3L], Enumerable.Range(0, 3).Select(i => log.Append(Notice($"n{i}")).Sequence));
    }

    [Fact]
    public async Task A_client_that_saw_events_a_failed_process_never_stored_gets_every_event_of_the_process_that_took_over()
    {
        // The first process stores three events, then sends two more to the client and dies before storing them.
        var stored = new List<SessionEvent>();
        var failed = new SessionEventLog(SessionId, [], 16, e => { if (stored.Count < 3) stored.Add(e); }, TimeProvider.System);
        var seenByClient = Enumerable.Range(0, 5).Select(i => failed.Append(Notice($"before {i}")).Sequence).Max();

        var takenOver = new SessionEventLog(SessionId, stored, 16, stored.Add, TimeProvider.System);
        Assert.Equal(3, takenOver.LastSequence);
        var next = takenOver.Append(Notice("after the takeover"));
        takenOver.Complete();

        // The client resumes after the last number it saw.
        using var subscription = takenOver.Subscribe(seenByClient);
        var resumed = new List<SessionEvent>();
        await foreach (var sessionEvent in subscription.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            resumed.Add(sessionEvent);
        }
        Assert.Equal(["after the takeover"], resumed.Select(e => e.Notice.Code));
        Assert.Equal(3 + SessionEventLog.ReloadSkip + 1, next.Sequence);
        Assert.Equal(next.Sequence, takenOver.LastSequence);
    }

    private static SessionEvent Notice(string code) => new() { Notice = new Notice { Code = code } };
}
