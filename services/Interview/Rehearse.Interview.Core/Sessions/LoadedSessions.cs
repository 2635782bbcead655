using System.Collections.Concurrent;
using Rehearse.Interview.Core.Errors;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// The session actors this process holds: loads a session from the store into a new actor, and stops an actor
/// (saving what it holds) when its session is unloaded. Which process holds which session is the host's choice;
/// this only counts and finds the ones held here.
/// </summary>
public sealed partial class LoadedSessions
{
    private readonly ConcurrentDictionary<Guid, SessionActor> _actors = new();
    private readonly SessionDependencies _deps;

    public LoadedSessions(SessionDependencies deps)
    {
        _deps = deps;
        deps.Telemetry?.ObserveSessions(() => _actors.Values.Count(actor => actor.IsRunning), () => _actors.Count);
    }

    /// <summary>Loads a session and its events from the store into a new actor, held here until unloaded.</summary>
    /// <exception cref="SessionNotFoundException">There is no such session.</exception>
    public async Task<SessionActor> LoadAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await _deps.Store.LoadSessionAsync(sessionId, cancellationToken) ?? throw new SessionNotFoundException(sessionId);
        var events = await _deps.Store.LoadEventsAsync(sessionId, cancellationToken);
        var actor = new SessionActor(new LoadedSession(session, events), _deps);
        _actors[sessionId] = actor;
        return actor;
    }

    /// <summary>The actor of a session if this process holds it (no ownership check).</summary>
    public SessionActor? Find(Guid sessionId) => _actors.GetValueOrDefault(sessionId);

    /// <summary>Stops an actor, which saves what it holds, and forgets it.</summary>
    public async Task UnloadAsync(SessionActor actor)
    {
        _actors.TryRemove(new KeyValuePair<Guid, SessionActor>(actor.Id, actor));
        try
        {
            await actor.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnloadFailed(_deps.Logger, e, actor.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} did not stop cleanly")]
    private static partial void LogUnloadFailed(ILogger logger, Exception exception, Guid sessionId);
}
