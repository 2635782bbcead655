using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// A session's numbered event log with live fan-out. Stored events get the next sequence number (see
/// <see cref="ReloadSkip"/> for the one exception to consecutive numbers) and are handed to
/// the store; interviewer audio is live only and carries the sequence number of the latest stored event. A
/// subscriber gets the stored events after the sequence it asks for, then live ones, with nothing lost or repeated
/// in between; one that falls too far behind is disconnected and resumes by sequence.
/// </summary>
public sealed class SessionEventLog
{
    /// <summary>
    /// How far the numbering skips ahead in a session loaded again with events already stored (after a restart, an idle
    /// unload, or a takeover). Events reach subscribers before the store has them, so a process that dies may have
    /// published numbers it never stored; a client skips numbers it has seen, and would drop new events reusing them.
    /// No session publishes a million events between two stored ones: a long interview stores a few thousand in all.
    /// </summary>
    public const long ReloadSkip = 1_000_000;

    private readonly Lock _gate = new();
    private readonly List<SessionEvent> _events;
    private readonly List<Channel<SessionEvent>> _subscribers = [];
    private readonly string _sessionId;
    private readonly int _subscriberCapacity;
    private readonly Action<SessionEvent> _store;
    private readonly TimeProvider _clock;
    private long _lastSequence;
    // The lowest number the next stored event may take.
    private long _nextSequenceFloor;
    private bool _completed;

    /// <param name="sessionId">The session.</param>
    /// <param name="stored">The session's stored events, in order; the numbering skips <see cref="ReloadSkip"/> ahead of them when there are any.</param>
    /// <param name="subscriberCapacity">Events a subscriber may fall behind by before it is disconnected.</param>
    /// <param name="store">Hands a numbered event to the store.</param>
    /// <param name="clock">Stamps events.</param>
    public SessionEventLog(Guid sessionId, IReadOnlyList<SessionEvent> stored, int subscriberCapacity, Action<SessionEvent> store, TimeProvider clock)
    {
        _clock = clock;
        _sessionId = sessionId.ToString();
        _events = [.. stored];
        _lastSequence = stored.Count == 0 ? 0 : stored[^1].Sequence;
        _nextSequenceFloor = stored.Count == 0 ? 1 : _lastSequence + ReloadSkip + 1;
        _subscriberCapacity = subscriberCapacity;
        _store = store;
    }

    /// <summary>The sequence number of the latest stored event.</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence;
            }
        }
    }

    /// <summary>Live subscribers.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Numbers, stores and publishes an event.</summary>
    public SessionEvent Append(SessionEvent sessionEvent)
    {
        lock (_gate)
        {
            if (_completed)
            {
                throw new InvalidOperationException("The session's event log is complete.");
            }
            _lastSequence = Math.Max(_lastSequence + 1, _nextSequenceFloor);
            sessionEvent.Sequence = _lastSequence;
            Stamp(sessionEvent);
            _events.Add(sessionEvent);
            _store(sessionEvent);
            Publish(sessionEvent);
            return sessionEvent;
        }
    }

    /// <summary>Publishes a live-only event (interviewer audio, interim transcripts) to the current subscribers.</summary>
    public void Broadcast(SessionEvent sessionEvent)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }
            sessionEvent.Sequence = _lastSequence;
            Stamp(sessionEvent);
            Publish(sessionEvent);
        }
    }

    /// <summary>
    /// Subscribes to the events after <paramref name="afterSequence"/> (null: live events only). The subscription
    /// is registered at once, so nothing published after this call is missed. Its stream ends when the session
    /// finishes (at once, after the replay, for a finished session) or with <see cref="SubscriberLaggedException"/>.
    /// </summary>
    public EventSubscription Subscribe(long? afterSequence)
    {
        lock (_gate)
        {
            var after = afterSequence ?? _lastSequence;
            var replay = _events.Where(e => e.Sequence > after).ToList();
            Channel<SessionEvent>? live = null;
            if (!_completed)
            {
                live = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(_subscriberCapacity) { SingleReader = true });
                _subscribers.Add(live);
            }
            return new EventSubscription(replay, live, Unsubscribe);
        }
    }

    /// <summary>Ends every subscription after the events already published; later subscribers get the replay only.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
            _subscribers.Clear();
        }
    }

    private void Unsubscribe(Channel<SessionEvent> live)
    {
        lock (_gate)
        {
            _subscribers.Remove(live);
        }
    }

    private void Stamp(SessionEvent sessionEvent)
    {
        sessionEvent.SessionId = _sessionId;
        sessionEvent.Time ??= Timestamp.FromDateTimeOffset(_clock.GetUtcNow());
    }

    private void Publish(SessionEvent sessionEvent)
    {
        for (var i = _subscribers.Count - 1; i >= 0; i--)
        {
            if (!_subscribers[i].Writer.TryWrite(sessionEvent))
            {
                _subscribers[i].Writer.TryComplete(new SubscriberLaggedException());
                _subscribers.RemoveAt(i);
            }
        }
    }
}

/// <summary>A subscriber read events too slowly and was disconnected; it resumes from the last sequence it saw.</summary>
public sealed class SubscriberLaggedException() : Exception("The client fell too far behind the session's events; reconnect with the last sequence seen.");

/// <summary>A subscriber's view of a session's events: the replay, then the live events.</summary>
public sealed class EventSubscription(
    IReadOnlyList<SessionEvent> replay,
    Channel<SessionEvent>? live,
    Action<Channel<SessionEvent>> unsubscribe) : IDisposable
{
    /// <summary>The events in order; a lagging subscriber's stream ends with <see cref="SubscriberLaggedException"/>.</summary>
    public async IAsyncEnumerable<SessionEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var sessionEvent in replay)
        {
            yield return sessionEvent;
        }
        if (live is null)
        {
            yield break;
        }
        await foreach (var sessionEvent in live.Reader.ReadAllAsync(cancellationToken))
        {
            yield return sessionEvent;
        }
    }

    public void Dispose()
    {
        if (live is not null)
        {
            unsubscribe(live);
        }
    }
}
