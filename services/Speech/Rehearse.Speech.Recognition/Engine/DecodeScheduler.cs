namespace Rehearse.Speech.Recognition.Engine;

/// <summary>
/// Bounds the model runs in flight across all calls, so a few cores are not oversubscribed. Final decodes wait for
/// a slot; interim decodes only take a slot that is free at once, and are otherwise skipped.
/// </summary>
public sealed class DecodeScheduler(int maxConcurrentDecodes) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrentDecodes, maxConcurrentDecodes);
    private int _waiting;

    /// <summary>Slots free now.</summary>
    public int FreeSlots => _slots.CurrentCount;

    /// <summary>Model runs holding a slot now.</summary>
    public int Running => maxConcurrentDecodes - _slots.CurrentCount;

    /// <summary>Decodes waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Told how long each <see cref="AcquireAsync"/> waited, for the engine's telemetry.</summary>
    internal Action<TimeSpan>? Waited { get; set; }

    /// <summary>Waits for a slot (final decodes). Dispose the lease to free it.</summary>
    public async ValueTask<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_slots.Wait(0, CancellationToken.None))
        {
            Waited?.Invoke(TimeSpan.Zero);
            return new Lease(_slots);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        Waited?.Invoke(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return new Lease(_slots);
    }

    /// <summary>Takes a slot only if one is free now (interim decodes).</summary>
    public bool TryAcquire(out Lease lease)
    {
        var acquired = _slots.Wait(0);
        lease = acquired ? new Lease(_slots) : default;
        return acquired;
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    /// <summary>A held slot.</summary>
    public readonly struct Lease(SemaphoreSlim? slots) : IDisposable
    {
        /// <summary>Frees the slot.</summary>
        public void Dispose() => slots?.Release();
    }
}
