using System.Threading.Channels;
using Rehearse.Interview.Core.Storage;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// Applies a session's writes to the store in order, in batches, off the conversation's path. While the database
/// is unreachable the writes wait and are retried with backoff, so a database restart loses nothing that the
/// process still holds; the session is told when storage goes away and when it is back.
/// </summary>
internal sealed partial class SessionWriter : IAsyncDisposable
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly Channel<StoreWrite> _writes = Channel.CreateUnbounded<StoreWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Guid _sessionId;
    private readonly ISessionStore _store;
    private readonly ILogger _logger;
    private readonly Action<bool> _onStorageAvailability;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _enqueued;
    private long _applied;

    public SessionWriter(Guid sessionId, ISessionStore store, ILogger logger, TimeProvider clock, Action<bool> onStorageAvailability)
    {
        _clock = clock;
        _sessionId = sessionId;
        _store = store;
        _logger = logger;
        _onStorageAvailability = onStorageAvailability;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a write.</summary>
    public void Enqueue(StoreWrite write)
    {
        Interlocked.Increment(ref _enqueued);
        _writes.Writer.TryWrite(write);
    }

    /// <summary>Waits until every write queued so far is applied.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _enqueued);
        while (Interlocked.Read(ref _applied) < target && !_loop.IsCompleted)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Applies what is queued (giving up after <paramref name="timeout"/>) and stops.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _writes.Writer.TryComplete();
        if (await Task.WhenAny(_loop, Task.Delay(timeout)) != _loop)
        {
            LogAbandoned(_logger, _sessionId, Interlocked.Read(ref _enqueued) - Interlocked.Read(ref _applied));
            await _stopping.CancelAsync();
        }
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<StoreWrite>();
        var reader = _writes.Reader;
        var unavailable = false;
        while (await reader.WaitToReadAsync(_stopping.Token))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            var backoff = TimeSpan.FromMilliseconds(100);
            while (true)
            {
                try
                {
                    await _store.ApplyAsync(_sessionId, batch, _stopping.Token);
                    break;
                }
                catch (StoreUnavailableException e) when (!_stopping.IsCancellationRequested)
                {
                    if (!unavailable)
                    {
                        unavailable = true;
                        LogUnavailable(_logger, _sessionId, e.Message);
                        _onStorageAvailability(false);
                    }
                    await Task.Delay(backoff, _clock, _stopping.Token);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A write the database refuses for good would block the session's log forever: drop the batch.
                    LogFailed(_logger, e, _sessionId, batch.Count);
                    break;
                }
            }
            Interlocked.Add(ref _applied, batch.Count);
            batch.Clear();
            if (unavailable)
            {
                unavailable = false;
                LogRestored(_logger, _sessionId);
                _onStorageAvailability(true);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the database is unreachable, writes wait and are retried: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: the database is back, queued writes applied")]
    private static partial void LogRestored(ILogger logger, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: {Count} writes were refused by the database and dropped")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid sessionId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: stopping with {Count} writes not applied (the database stayed unreachable)")]
    private static partial void LogAbandoned(ILogger logger, Guid sessionId, long count);
}
