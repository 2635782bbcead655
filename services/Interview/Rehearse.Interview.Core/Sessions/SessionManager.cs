using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// Holds the actors of the sessions in use: loads a session from the store on first use, unloads it when idle,
/// and stops every actor (saving what they hold) when the service stops.
/// </summary>
public sealed partial class SessionManager : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<SessionActor>>> _actors = new();
    private readonly SessionDependencies _deps;
    private readonly CancellationTokenSource _stopping = new();
    // Starts are taken one at a time, so two at once cannot both fit under a user's limit.
    private readonly SemaphoreSlim _starting = new(1, 1);
    private Task? _sweeper;
    private int _stopped;

    public SessionManager(SessionDependencies deps) => _deps = deps;

    /// <summary>The actor of a session owned by <paramref name="userId"/>.</summary>
    /// <exception cref="SessionNotFoundException">There is no such session or it belongs to someone else.</exception>
    public async Task<SessionActor> GetAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken)
    {
        {
            var lazy = _actors.GetOrAdd(sessionId, id => new Lazy<Task<SessionActor>>(() => LoadAsync(id)));
            SessionActor? actor;
            try
            {
                actor = await lazy.Value.WaitAsync(cancellationToken);
            }
            catch (SessionException)
            {
                _actors.TryRemove(new KeyValuePair<Guid, Lazy<Task<SessionActor>>>(sessionId, lazy));
                throw;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _actors.TryRemove(new KeyValuePair<Guid, Lazy<Task<SessionActor>>>(sessionId, lazy));
                throw;
            }
            if (actor.UserId != userId)
            {
                throw new SessionNotFoundException(sessionId);
            }
            return actor;
        }
    }

    /// <summary>
    /// Carries out a control action on a session. START is refused while the owner already has
    /// <see cref="InterviewOptions.MaxActiveSessionsPerUser"/> other sessions running: each running session may
    /// hold the Speech service's few recognition and synthesis calls, which one user must not take all of.
    /// </summary>
    /// <exception cref="SessionLimitException">START, and the owner has as many sessions running as allowed.</exception>
    public async Task ControlAsync(SessionActor actor, ControlAction action, CancellationToken cancellationToken)
    {
        if (action != ControlAction.Start)
        {
            await actor.ControlAsync(action, cancellationToken);
            return;
        }
        await _starting.WaitAsync(cancellationToken);
        try
        {
            var limit = _deps.Options.MaxActiveSessionsPerUser;
            if (!actor.IsRunning && RunningSessionsOf(actor.UserId) >= limit)
            {
                throw new SessionLimitException(limit);
            }
            await actor.ControlAsync(action, cancellationToken);
        }
        finally
        {
            _starting.Release();
        }
    }

    private int RunningSessionsOf(Guid userId) =>
        _actors.Keys.Select(Loaded).Count(actor => actor is { IsRunning: true } && actor.UserId == userId);

    /// <summary>The actor of a session if it is loaded (no ownership check).</summary>
    public SessionActor? Loaded(Guid sessionId) =>
        _actors.TryGetValue(sessionId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    /// <summary>Stops and forgets a session's actor (before deleting the session).</summary>
    public async Task UnloadAsync(Guid sessionId)
    {
        if (_actors.TryRemove(sessionId, out var lazy) && lazy.IsValueCreated)
        {
            try
            {
                await (await lazy.Value).DisposeAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnloadFailed(_deps.Logger, e, sessionId);
            }
        }
    }

    /// <summary>Stops and forgets the actors of a user's sessions (before deleting the user).</summary>
    public Task UnloadUserAsync(Guid userId) =>
        Task.WhenAll(_actors.Keys.Where(id => Loaded(id)?.UserId == userId).Select(UnloadAsync));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sweeper = Task.Run(SweepAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        if (_sweeper is not null)
        {
            await _sweeper.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        var actors = _actors.Keys.ToList();
        await Task.WhenAll(actors.Select(UnloadAsync));
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task<SessionActor> LoadAsync(Guid sessionId)
    {
        var session = await _deps.Store.LoadSessionAsync(sessionId, _stopping.Token) ?? throw new SessionNotFoundException(sessionId);
        var events = await _deps.Store.LoadEventsAsync(sessionId, _stopping.Token);
        return new SessionActor(new LoadedSession(session, events), _deps);
    }

    private async Task SweepAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10), _deps.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                var now = _deps.Clock.GetUtcNow();
                foreach (var (id, lazy) in _actors)
                {
                    if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result is { IsIdle: true } actor
                        && now - actor.LastActivity >= _deps.Options.IdleSessionTimeout)
                    {
                        LogUnloading(_deps.Logger, id);
                        await UnloadAsync(id);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} did not stop cleanly")]
    private static partial void LogUnloadFailed(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} is idle; unloading it")]
    private static partial void LogUnloading(ILogger logger, Guid sessionId);
}
