using System.Threading.Channels;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Benchmarks;

/// <summary>An event as the client received it.</summary>
internal sealed record ReceivedEvent(SessionEvent Event, DateTimeOffset ReceivedAt)
{
    public DateTimeOffset At => Event.Time.ToDateTimeOffset();
}

/// <summary>Reads a call's events in the background, stamping when each arrived.</summary>
internal sealed class EventReader
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromMinutes(3);

    private readonly Channel<ReceivedEvent> _incoming = Channel.CreateUnbounded<ReceivedEvent>();
    private readonly List<string> _notices = [];

    public EventReader(IAsyncStreamReader<ConverseResponse> responses) => _ = Task.Run(async () =>
    {
        try
        {
            await foreach (var response in responses.ReadAllAsync())
            {
                _incoming.Writer.TryWrite(new ReceivedEvent(response.Event, DateTimeOffset.UtcNow));
            }
            _incoming.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _incoming.Writer.TryComplete(e);
        }
    });

    /// <summary>Notices the session sent (fallbacks, rejected requests), for the record.</summary>
    public IReadOnlyList<string> Notices => _notices;

    public async Task<ReceivedEvent> NextAsync(Func<SessionEvent, bool> match)
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        while (true)
        {
            ReceivedEvent received;
            try
            {
                received = await _incoming.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The session sent no expected event for {EventTimeout.TotalMinutes:0} minutes.");
            }
            if (received.Event.Notice is { } notice)
            {
                _notices.Add($"{notice.Code}: {notice.Message}");
            }
            if (match(received.Event))
            {
                return received;
            }
        }
    }
}
