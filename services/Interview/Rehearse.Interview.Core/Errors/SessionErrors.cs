namespace Rehearse.Interview.Core.Errors;

/// <summary>
/// Why the conversation engine refused a request. The API maps each kind to its gRPC status; the message is
/// written for the caller and already names the field where there is one.
/// </summary>
public abstract class SessionException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The request names a session the caller has no access to, or none exists.</summary>
public sealed class SessionNotFoundException(Guid sessionId) : SessionException($"session_id: no session '{sessionId}'.")
{
    /// <summary>The id asked for.</summary>
    public Guid SessionId { get; } = sessionId;
}

/// <summary>A field of the request is invalid.</summary>
public sealed class InvalidSessionRequestException(string field, string problem) : SessionException($"{field}: {problem}")
{
    /// <summary>The field, as the contract names it.</summary>
    public string Field { get; } = field;
}

/// <summary>The request is valid but the session is not in a state to carry it out.</summary>
public sealed class SessionStateException(string message) : SessionException(message);

/// <summary>The user already has as many sessions running as allowed; one must finish or be ended first.</summary>
public sealed class SessionLimitException(int limit)
    : SessionException($"You already have {limit} interview sessions running, the most allowed at once (Interview:MaxActiveSessionsPerUser): " +
        "end one (EndSession) or let it finish before starting another.")
{
    /// <summary>The number of running sessions allowed per user.</summary>
    public int Limit { get; } = limit;
}

/// <summary>Something the session needs (the speech service, the session's own loop) is unavailable for now; retry.</summary>
public sealed class SessionUnavailableException(string message, Exception? innerException = null) : SessionException(message, innerException);

/// <summary>The session failed to handle a request because of a fault of its own; the details are logged.</summary>
public sealed class SessionFaultException(string message, Exception innerException) : SessionException(message, innerException);
