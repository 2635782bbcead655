using System.Threading.Channels;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Collects a session's events from a stream in the background and waits for the ones a test expects.</summary>
public sealed class SessionEvents : IAsyncDisposable
{
    private readonly Channel<SessionEvent> _incoming = Channel.CreateUnbounded<SessionEvent>();
    private readonly List<SessionEvent> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private SessionEvents(Func<CancellationToken, IAsyncEnumerable<SessionEvent>> source)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in source(_stop.Token))
                {
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
