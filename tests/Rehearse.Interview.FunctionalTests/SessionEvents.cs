using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Collects a session's events from a stream in the background and waits for the ones a test expects.</summary>
public sealed class SessionEvents : IAsyncDisposable
{
    private readonly Channel<SessionEvent> _incoming = Channel.CreateUnbounded<SessionEvent>();
    private readonly List<SessionEvent> _seen = [];
    private readonly Dictionary<SessionEvent, long> _receivedAt = new(ReferenceEqualityComparer.Instance);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private SessionEvents(Func<CancellationToken, IAsyncEnumerable<SessionEvent>> source, IReadOnlyList<RpcException> interruptions)
        : this(source) => Interruptions = interruptions;

    private SessionEvents(Func<CancellationToken, IAsyncEnumerable<SessionEvent>> source)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in source(_stop.Token))
                {
                    lock (_receivedAt)
                    {
                        _receivedAt[e] = Stopwatch.GetTimestamp();
                    }
                    await _incoming.Writer.WriteAsync(e);
                }
                _incoming.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _incoming.Writer.TryComplete(e);
            }
        });
    }

    /// <summary>Every event received so far (excluding ones not yet waited for).</summary>
    public IReadOnlyList<SessionEvent> Seen => _seen;

    /// <summary>Events of a StreamEvents call (the gRPC-Web transport).</summary>
    public static SessionEvents From(AsyncServerStreamingCall<StreamEventsResponse> call) =>
        new(ct => call.ResponseStream.ReadAllAsync(ct).Select(r => r.Event));

    /// <summary>Events of a Converse call.</summary>
    public static SessionEvents From(AsyncDuplexStreamingCall<ConverseRequest, ConverseResponse> call) =>
        new(ct => call.ResponseStream.ReadAllAsync(ct).Select(r => r.Event));

    /// <summary>
    /// Events of StreamEvents calls that resume as a browser's do: when a call fails (its server went away, the
    /// session moved), <paramref name="reconnected"/> runs and a new call asks for the events after the last stored
    /// one received, until the session finishes. Each failure is kept in <see cref="Interruptions"/>.
    /// </summary>
    public static SessionEvents Resuming(
        Func<long, CancellationToken, AsyncServerStreamingCall<StreamEventsResponse>> open, Func<CancellationToken, Task> reconnected)
    {
        var interruptions = new List<RpcException>();
        return new(Read, interruptions);

        async IAsyncEnumerable<SessionEvent> Read([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            long last = 0;
            while (true)
            {
                using var call = open(last, cancellationToken);
                await using var responses = call.ResponseStream.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    SessionEvent e;
                    try
                    {
                        if (!await responses.MoveNextAsync())
                        {
                            // The server ends the stream when the session finishes.
                            yield break;
                        }
                        e = responses.Current.Event;
                    }
                    catch (RpcException failure) when (failure.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted)
                    {
                        lock (interruptions)
                        {
                            interruptions.Add(failure);
                        }
                        break;
                    }
                    if (!IsLiveOnly(e))
                    {
                        if (e.Sequence <= last)
                        {
                            continue;
                        }
                        last = e.Sequence;
                    }
                    yield return e;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                _ = reconnected(cancellationToken);
            }
        }
    }

    /// <summary>The failed calls a resuming stream came back from (<see cref="Resuming"/>).</summary>
    public IReadOnlyList<RpcException> Interruptions { get; } = [];

    /// <summary>When an event arrived (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long ReceivedAt(SessionEvent e)
    {
        lock (_receivedAt)
        {
            return _receivedAt[e];
        }
    }

    /// <summary>Waits for the first event that matches, remembering every event on the way.</summary>
    public async Task<SessionEvent> WaitForAsync(Func<SessionEvent, bool> match, TimeSpan? timeout = null)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                var e = await _incoming.Reader.ReadAsync(cancellation.Token);
                _seen.Add(e);
                if (match(e))
                {
                    return e;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("No matching event. Seen: " + string.Join(" | ", _seen.TakeLast(15).Select(Describe)));
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The event stream ended. Seen: " + string.Join(" | ", _seen.TakeLast(15).Select(Describe)));
        }
    }

    /// <summary>Waits for the session to enter a state.</summary>
    public Task<SessionEvent> WaitForStateAsync(SessionState state, TimeSpan? timeout = null) =>
        WaitForAsync(e => e.StateChanged?.Current == state, timeout);

    /// <summary>Waits for the stream to end (the session finished).</summary>
    public async Task WaitForEndAsync(TimeSpan? timeout = null)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        await foreach (var e in _incoming.Reader.ReadAllAsync(cancellation.Token))
        {
            _seen.Add(e);
        }
    }

    /// <summary>
    /// Whether an event is live only (interviewer audio, interim transcripts, listening updates): not stored, it
    /// carries the sequence number of the latest stored event.
    /// </summary>
    public static bool IsLiveOnly(SessionEvent e) =>
        e.InterviewerAudio is not null || e.ListeningUpdate is not null || e.Transcript is { IsFinal: false };

    public static string Describe(SessionEvent e) => $"#{e.Sequence} {e.EventCase}" + e.EventCase switch
    {
        SessionEvent.EventOneofCase.StateChanged => $" {e.StateChanged.Previous}->{e.StateChanged.Current}",
        SessionEvent.EventOneofCase.InterviewerUtterance => $" {e.InterviewerUtterance.Kind} '{e.InterviewerUtterance.Text}'",
        SessionEvent.EventOneofCase.Notice => $" {e.Notice.Code}: {e.Notice.Message}",
        SessionEvent.EventOneofCase.Transcript => $" '{e.Transcript.Text}' final={e.Transcript.IsFinal}",
        _ => "",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
