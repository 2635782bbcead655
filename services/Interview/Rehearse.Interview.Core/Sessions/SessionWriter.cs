using System.Threading.Channels;
using Rehearse.Interview.Core.Storage;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// Applies a session's writes to the store in order, in batches, off the conversation's path. While the database
/// is unreachable the writes wait and are retried with backoff, so a database restart loses nothing that the
/// process still holds; the session is told when storage goes away and when it is back. A batch the database
/// refuses for good is applied again one write at a time, so only the refused writes are lost, and the session is
/// told of each.
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
    private readonly Action<StoreWrite> _onWriteRefused;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _enqueued;
    private long _applied;
    private bool _unavailable;
    private readonly Telemetry.InterviewTelemetry? _telemetry;

    public SessionWriter(
        Guid sessionId, ISessionStore store, ILogger logger, TimeProvider clock, Action<bool> onStorageAvailability, Action<StoreWrite> onWriteRefused,
        Telemetry.InterviewTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        _onWriteRefused = onWriteRefused;
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
        while (await reader.WaitToReadAsync(_stopping.Token))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            if (!await TryApplyAsync(batch) && batch.Count > 1)
            {
                // The batch is one transaction, so nothing of it was written: one write at a time, only the refused
                // ones are lost instead of everything queued with them.
                foreach (var write in batch)
                {
                    await TryApplyAsync([write]);
                }
            }
            Interlocked.Add(ref _applied, batch.Count);
            batch.Clear();
        }
    }

    /// <summary>
    /// Applies writes, waiting and retrying while the database is unreachable; false when the database refused them,
    /// which retrying will not change (a single refused write is reported to the session).
    /// </summary>
    private async Task<bool> TryApplyAsync(IReadOnlyList<StoreWrite> writes)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await _store.ApplyAsync(_sessionId, writes, _stopping.Token);
                Reachable();
                return true;
            }
            catch (StoreUnavailableException e) when (!_stopping.IsCancellationRequested)
            {
                _telemetry?.StoreWriteFailed(refused: false);
                if (!_unavailable)
                {
                    _unavailable = true;
                    LogUnavailable(_logger, _sessionId, e.Message);
                    _onStorageAvailability(false);
                }
                await Task.Delay(backoff, _clock, _stopping.Token);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Reachable();
                if (writes.Count == 1)
                {
                    _telemetry?.StoreWriteFailed(refused: true);
                    LogRefused(_logger, e, _sessionId, writes[0].GetType().Name);
                    _onWriteRefused(writes[0]);
                }
                return false;
            }
        }
    }

    private void Reachable()
    {
        if (_unavailable)
        {
            _unavailable = false;
            LogRestored(_logger, _sessionId);
            _onStorageAvailability(true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the database is unreachable, writes wait and are retried: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: the database is back, queued writes applied")]
    private static partial void LogRestored(ILogger logger, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: the database refused a {Write}; it is dropped")]
    private static partial void LogRefused(ILogger logger, Exception exception, Guid sessionId, string write);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: stopping with {Count} writes not applied (the database stayed unreachable)")]
    private static partial void LogAbandoned(ILogger logger, Guid sessionId, long count);
}
