using System.Diagnostics;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// One <c>Converse</c> call on a session, for the fault runs: a real-time microphone, and every event kept in
/// order, so a run can wait for an event from any earlier point (a notice may come before or after the state it
/// is checked with).
/// </summary>
internal sealed class FaultConversation : IAsyncDisposable
{
    public static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(90);

    private readonly AsyncDuplexStreamingCall<ConverseRequest, ConverseResponse> _call;
    private readonly List<ReceivedEvent> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _reading;
    private readonly CancellationTokenSource _cancel;

    private FaultConversation(AsyncDuplexStreamingCall<ConverseRequest, ConverseResponse> call, CancellationTokenSource cancel)
    {
        _call = call;
        _cancel = cancel;
        Microphone = new Microphone(call.RequestStream);
        _reading = Task.Run(ReadAsync);
    }

    public Microphone Microphone { get; }

    /// <summary>Why the call ended, once it has (null while it runs or when it ended normally).</summary>
    public Exception? Ended { get; private set; }

    /// <summary>The highest stored-event sequence number seen.</summary>
    public long LastSequence
    {
        get
        {
            lock (_events)
            {
                return _events.Count == 0 ? 0 : _events.Max(e => e.Event.Sequence);
            }
        }
    }

    /// <summary>How many events have arrived: a point to wait from.</summary>
    public int Mark
    {
        get
        {
            lock (_events)
            {
                return _events.Count;
            }
        }
    }

    public IReadOnlyList<ReceivedEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Opens <c>Converse</c> on <paramref name="sessionId"/>, replaying after <paramref name="afterSequence"/>, starting the session.</summary>
    public static async Task<FaultConversation> OpenAsync(
        InterviewService.InterviewServiceClient client, string sessionId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = client.Converse(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new ConverseRequest
        {
            Start = new ConverseStart { SessionId = sessionId, AfterSequence = afterSequence, Start = true },
        }, cancel.Token);
        return new FaultConversation(call, cancel);
    }

    /// <summary>The first event from <paramref name="from"/> on that matches, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<ReceivedEvent> WaitForAsync(Func<SessionEvent, bool> match, int from, TimeSpan? timeout = null, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TurnTimeout;
        for (var index = from; ; )
        {
            lock (_events)
            {
                for (; index < _events.Count; index++)
                {
                    if (match(_events[index].Event))
                    {
                        return _events[index];
                    }
                }
            }
            if (_reading.IsCompleted && index >= Mark)
            {
                throw new InvalidOperationException($"the call ended before {what ?? "the expected event"}" + (Ended is null ? "" : $": {Ended.Message}"));
            }
            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no {what ?? "expected event"} within {limit.TotalSeconds:0} s");
            }
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Waits for the session to listen (from <paramref name="from"/>).</summary>
    public Task<ReceivedEvent> ListeningAsync(int from, TimeSpan? timeout = null) =>
        WaitForAsync(e => e.StateChanged?.Current == SessionState.Listening, from, timeout, "listening state");

    /// <summary>
    /// Says <paramref name="answer"/> once the session listens (now, or from <paramref name="from"/> on), then DONE;
    /// returns the answer-completed event.
    /// </summary>
    public async Task<ReceivedEvent> AnswerAsync(RecordedAnswer answer, int from, TimeSpan? timeout = null)
    {
        var state = Events.LastOrDefault(e => e.Event.StateChanged is not null);
        if (state?.Event.StateChanged.Current != SessionState.Listening)
        {
            await ListeningAsync(from, timeout);
        }
        var said = Mark;
        await Microphone.SayAsync(answer.Pcm, thenDone: true);
        return await WaitForAsync(e => e.AnswerCompleted is not null, said, timeout, "answer-completed event");
    }

    /// <summary>Sends a typed answer through the call (the microphone is its only other writer, and idle then).</summary>
    public Task TypeAsync(string text) => Microphone.TypeAsync(text);

    /// <summary>The notice codes received from <paramref name="from"/> on.</summary>
    public IReadOnlyList<string> NoticesFrom(int from) =>
        [.. Events.Skip(from).Where(e => e.Event.Notice is not null).Select(e => e.Event.Notice.Code)];

    /// <summary>Cancels the call, as a client that goes away.</summary>
    public Task CancelAsync() => _cancel.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        await Microphone.DisposeAsync();
        await _reading;
        _call.Dispose();
        _cancel.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync())
            {
                lock (_events)
                {
                    _events.Add(new ReceivedEvent(response.Event, DateTimeOffset.UtcNow));
                }
                _arrived.Release();
            }
        }
        catch (Exception e)
        {
            Ended = e;
        }
        _arrived.Release();
    }
}
