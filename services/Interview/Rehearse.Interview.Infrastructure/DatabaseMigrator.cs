using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rehearse.Interview.Core.Storage;

namespace Rehearse.Interview.Infrastructure;

/// <summary>How long the service waits for PostgreSQL at start (configuration section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Database";

    /// <summary>How long to keep retrying while PostgreSQL is starting before giving up.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Whether the store's schema is current: parts that need the schema but start before the host's ordered start
/// reaches them (the Orleans silo's membership) await <see cref="Applied"/>.
/// </summary>
public sealed class StoreMigrations
{
    private readonly TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every migration is applied; faults with the migrator's error if they could not be.</summary>
    public Task Applied => _applied.Task;

    internal async Task RunAsync(Func<Task> migrate)
    {
        try
        {
            await migrate();
            _applied.TrySetResult();
        }
        catch (Exception e)
        {
            _applied.TrySetException(e);
        }
    }
}

/// <summary>
/// Applies the migrations in this assembly before the service takes calls, retrying while PostgreSQL starts. They begin
/// as the host starts (<see cref="StartingAsync"/>), so that the hosted services ahead of this one (the silo) start
/// meanwhile; <see cref="StartAsync"/> holds the rest of the start until they are applied.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IDbContextFactory<InterviewDbContext> contexts,
    StoreMigrations migrations,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Task.Run: building the model and migrating begins with seconds of synchronous work the host must not wait on.
        _ = Task.Run(() => migrations.RunAsync(() => MigrateAsync(cancellationToken)), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => migrations.Applied.WaitAsync(cancellationToken);

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var giveUpAt = DateTime.UtcNow + options.Value.StartupTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (InterviewDatabase.IsTransient(e) && DateTime.UtcNow + delay < giveUpAt)
            {
                LogWaiting(logger, delay, e.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable yet; retrying the migrations in {Delay}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, TimeSpan delay, string reason);
}

/// <summary>Deletes answer audio past its retention once an hour, the first time once the service has started.</summary>
internal sealed partial class AnswerAudioCleanup(ISessionStore store, IHostApplicationLifetime lifetime, ILogger<AnswerAudioCleanup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not needed to take calls, and compiling its query would take CPU from the start on a small machine.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                var deleted = await store.DeleteExpiredAudioAsync(DateTimeOffset.UtcNow, stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted);
                }
            }
            catch (StoreUnavailableException e)
            {
                LogFailed(logger, e.InnerException?.Message ?? e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the expired audio of {Count} answers")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired answer audio: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
