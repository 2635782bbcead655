using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>
/// Counts one user's running sessions for the running-session limit, across every silo. It remembers the
/// sessions it let start and, only when they would reach the limit, asks each whether it still runs: a session
/// that finished, was ended or unloaded, or whose silo went away (it comes back not running until started again)
/// no longer counts. Starts are granted one at a time (the grain is not reentrant). When this grain itself is
/// activated anew, it starts from the user's unfinished sessions in the store, so a lost count is never zero.
/// </summary>
internal sealed class UserSessionsGrain(ISessionStore store) : Grain, IUserSessionsGrain
{
    private const int PageSize = 100;
    private readonly HashSet<Guid> _granted = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        SessionCursor? after = null;
        do
        {
            var (page, next) = await store.ListSessionsAsync(this.GetPrimaryKey(), PageSize, after, cancellationToken);
            _granted.UnionWith(page.Where(s => s.State != SessionState.Finished).Select(s => s.Id));
            after = next;
        }
        while (after is not null);
    }

    public async Task<bool> TryStartAsync(Guid sessionId, int limit)
    {
        _granted.Remove(sessionId);
        if (_granted.Count >= limit)
        {
            foreach (var other in _granted.ToList())
            {
                if (!await GrainFactory.GetGrain<ISessionGrain>(other).IsRunningAsync())
                {
                    _granted.Remove(other);
                }
            }
            if (_granted.Count >= limit)
            {
                return false;
            }
        }
        _granted.Add(sessionId);
        return true;
    }
}
