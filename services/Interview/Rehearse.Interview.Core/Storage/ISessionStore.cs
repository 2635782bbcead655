using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Storage;

/// <summary>
/// Where users, sessions, turns, events, answer audio and reports are kept. A store that cannot be reached throws
/// <see cref="StoreUnavailableException"/> (worth retrying); any other exception is a refusal that retrying will
/// not change.
/// </summary>
public interface ISessionStore
{
    /// <summary>The user with this key hash, if registered.</summary>
    Task<Guid?> FindUserAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>The user with this key hash, created if new.</summary>
    Task<Guid> GetOrCreateUserAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Creates a session with its planned questions and the events it starts with, numbered from 1.</summary>
    Task<SessionSummary> CreateSessionAsync(
        Guid userId, SessionSettings settings, IReadOnlyList<PlannedQuestion> plan, string title, IReadOnlyList<SessionEvent> events,
        CancellationToken cancellationToken);

    /// <summary>A session with its plan and turns, or null when there is none with this id.</summary>
    Task<StoredSession?> LoadSessionAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>One page of a user's sessions, newest first, continuing after <paramref name="after"/>.</summary>
    Task<(IReadOnlyList<SessionSummary> Sessions, SessionCursor? Next)> ListSessionsAsync(
        Guid userId, int pageSize, SessionCursor? after, CancellationToken cancellationToken);

    /// <summary>How many sessions a user has stored.</summary>
    Task<int> CountSessionsAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Deletes a user's session with everything that belongs to it; false when the user has no such session.</summary>
    Task<bool> DeleteSessionAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a user with every session and everything that belongs to them (and the user's sign-ins), in one
    /// transaction; returns how many sessions were deleted.
    /// </summary>
    Task<int> DeleteUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The stored events of a session, in order.</summary>
    Task<IReadOnlyList<SessionEvent>> LoadEventsAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>The report of a session, or null when none is written.</summary>
    Task<InterviewReport?> LoadReportAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Deletes answer audio past its expiry; returns how many answers were deleted.</summary>
    Task<int> DeleteExpiredAudioAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a batch of a session's writes in one transaction. Re-applying a batch that was already committed
    /// changes nothing, so a batch whose outcome is unknown (the connection dropped) can simply be retried.
    /// </summary>
    Task ApplyAsync(Guid sessionId, IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken);
}

/// <summary>Where a page of the session list ends: the last session's creation time (stored to the microsecond).</summary>
public readonly record struct SessionCursor(DateTimeOffset CreatedAt);

/// <summary>The store could not be reached or dropped the connection; the same call may succeed later.</summary>
public sealed class StoreUnavailableException(string message, Exception innerException) : Exception(message, innerException);
