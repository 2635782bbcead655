using Rehearse.Interview.V1;

namespace Rehearse.Interview.Benchmarks;

/// <summary>The session finished (its report is written) while the script still had something to say.</summary>
internal sealed class SessionFinishedException() : Exception("The session finished.");

/// <summary>
/// Every event of one Converse call as the client received it, kept in order, with waits on what has arrived: the
/// script reacts to the conversation (a question playing, the interviewer listening) as a person would.
/// </summary>
internal sealed class ConversationLog
{
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(250);

    private readonly List<ReceivedEvent> _events = [];
    private readonly Dictionary<string, InterviewerUtterance> _utterances = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _ended;
    private bool _finished;

    public ConversationLog(EventReader reader) => _ = Task.Run(async () =>
    {
        try
        {
            while (true)
            {
                Add(await reader.NextAsync(_ => true));
            }
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                _ended = e;
                _changed.TrySetResult();
            }
        }
    });

    /// <summary>The interviewer utterance with this id (its latest text), if it has been announced.</summary>
    public InterviewerUtterance? Utterance(string id)
    {
        lock (_lock)
        {
            return _utterances.GetValueOrDefault(id);
        }
    }

    /// <summary>The events so far.</summary>
    public IReadOnlyList<ReceivedEvent> Snapshot()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }

    /// <summary>
    /// Waits until <paramref name="probe"/>, given the events so far, finds what it looks for. The probe runs after
    /// every event and every 250 ms (some conditions are about time passing in silence).
    /// </summary>
    /// <exception cref="SessionFinishedException">The session finished first.</exception>
    /// <exception cref="TimeoutException">Nothing was found within <paramref name="timeout"/>.</exception>
    public async Task<T> WaitForAsync<T>(string what, TimeSpan timeout, Func<IReadOnlyList<ReceivedEvent>, T?> probe)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (probe(_events) is { } found)
                {
                    return found;
                }
                if (_finished)
                {
                    throw new SessionFinishedException();
                }
                if (_ended is { } ended)
                {
                    throw new InvalidOperationException($"The Converse call ended while waiting for {what}: {ended.Message}", ended);
                }
                changed = _changed.Task;
            }
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0} s.");
            }
            await Task.WhenAny(changed, Task.Delay(left < Recheck ? left : Recheck));
        }
    }

    private void Add(ReceivedEvent received)
    {
        lock (_lock)
        {
            _events.Add(received);
            var e = received.Event;
            if (e.InterviewerUtterance is { } utterance)
            {
                _utterances[utterance.UtteranceId] = utterance;
            }
            _finished |= e.ReportReady is not null || e.StateChanged?.Current == SessionState.Finished;
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }
}
