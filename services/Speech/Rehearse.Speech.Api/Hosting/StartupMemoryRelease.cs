namespace Rehearse.Speech.Api.Hosting;

/// <summary>
/// Returns to the system, once every model is loaded and warmed up, the managed memory that loading used and no
/// longer needs (model files read whole, the rewritten decoder), so the service's resident size after start is
/// what it keeps rather than what it passed through.
/// </summary>
internal sealed class StartupMemoryRelease : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
