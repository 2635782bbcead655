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

/// <summary>Applies the migrations in this assembly before the service takes calls, retrying while PostgreSQL starts.</summary>
internal sealed partial class DatabaseMigrator(
    IDbContextFactory<InterviewDbContext> contexts,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable yet; retrying the migrations in {Delay}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, TimeSpan delay, string reason);
}

/// <summary>Deletes answer audio past its retention once an hour.</summary>
internal sealed partial class AnswerAudioCleanup(ISessionStore store, ILogger<AnswerAudioCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
