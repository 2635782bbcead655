using System.Runtime.CompilerServices;
using Rehearse.Interview.Core.Coding;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Storage;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>What kind of refusal a <see cref="SessionCallException"/> carries.</summary>
[GenerateSerializer]
public enum SessionRefusal
{
    NotFound,
    InvalidRequest,
    State,
    Limit,
    Unavailable,
    CodeRunnerBusy,
    StoreUnavailable,
    Lagged,
    Fault,
}

/// <summary>
/// A refusal of the conversation engine on its way between silos: the engine's exceptions are not Orleans-serializable,
/// so a session grain sends this instead and the caller's silo turns it back into the engine's exception
/// (<see cref="ToException"/>), so the gRPC layer handles refusals the same wherever the session runs.
/// </summary>
[GenerateSerializer]
[Alias("rehearse.interview.session-call-exception")]
public sealed class SessionCallException : Exception
{
    public SessionCallException(SessionRefusal refusal, string detail, string field = "", int limit = 0, Guid sessionId = default)
        : base(detail)
    {
        Refusal = refusal;
        Detail = detail;
        Field = field;
        Limit = limit;
        SessionId = sessionId;
    }

    [Id(0)]
    public SessionRefusal Refusal { get; }

    [Id(1)]
    public string Detail { get; }

    [Id(2)]
    public string Field { get; }

    [Id(3)]
    public int Limit { get; }

    [Id(4)]
    public Guid SessionId { get; }

    /// <summary>True for the exceptions that carry the engine's refusals.</summary>
    public static bool Carries(Exception e) =>
        e is SessionException or StoreUnavailableException or SubscriberLaggedException;

    /// <summary>The refusal of <paramref name="e"/>, one of those <see cref="Carries"/> accepts.</summary>
    public static SessionCallException From(Exception e) => e switch
    {
        SessionNotFoundException n => new(SessionRefusal.NotFound, n.Message, sessionId: n.SessionId),
        InvalidSessionRequestException i => new(SessionRefusal.InvalidRequest, i.Message, field: i.Field),
        SessionStateException => new(SessionRefusal.State, e.Message),
        SessionLimitException l => new(SessionRefusal.Limit, l.Message, limit: l.Limit),
        SessionUnavailableException => new(SessionRefusal.Unavailable, e.Message),
        CodeRunnerBusyException => new(SessionRefusal.CodeRunnerBusy, e.Message),
        StoreUnavailableException => new(SessionRefusal.StoreUnavailable, e.Message),
        SubscriberLaggedException => new(SessionRefusal.Lagged, e.Message),
        _ => new(SessionRefusal.Fault, e.Message),
    };

    /// <summary>The engine's exception again, as the session threw it.</summary>
    public Exception ToException() => Refusal switch
    {
        SessionRefusal.NotFound => new SessionNotFoundException(SessionId),
        SessionRefusal.InvalidRequest => new InvalidSessionRequestException(Field, Detail.StartsWith(Field + ": ", StringComparison.Ordinal) ? Detail[(Field.Length + 2)..] : Detail),
        SessionRefusal.State => new SessionStateException(Detail),
        SessionRefusal.Limit => new SessionLimitException(Limit),
        SessionRefusal.Unavailable => new SessionUnavailableException(Detail),
        SessionRefusal.CodeRunnerBusy => new CodeRunnerBusyException(Detail),
        SessionRefusal.StoreUnavailable => new StoreUnavailableException(Detail, this),
        SessionRefusal.Lagged => new SubscriberLaggedException(),
        _ => new SessionFaultException(Detail, this),
    };

    /// <summary>A grain's stream of results whose refusals travel as <see cref="SessionCallException"/>.</summary>
    public static async IAsyncEnumerable<T> Wrap<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception e) when (Carries(e))
            {
                throw From(e);
            }
            yield return enumerator.Current;
        }
    }

    /// <summary>A stream from a grain whose refusals are the engine's exceptions again.</summary>
    public static async IAsyncEnumerable<T> Unwrap<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (SessionCallException e)
            {
                throw e.ToException();
            }
            yield return enumerator.Current;
        }
    }
}

/// <summary>Turns refusals coming back from session grains into the engine's exceptions, for every call this silo makes.</summary>
internal sealed class SessionRefusalFilter : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (SessionCallException e)
        {
            throw e.ToException();
        }
        catch (Exception e) when (IsSessionMoved(e) && e is not EnumerationAbortedException)
        {
            // Until the cluster declares the session's silo dead, calls to it fail; then it starts on another.
            throw new SessionUnavailableException("The session's Interview server went away; it continues on another: try again shortly.");
        }
    }

    /// <summary>The session's activation went away: its silo stopped or died (or does not answer).</summary>
    public static bool IsSessionMoved(Exception e) =>
        e is EnumerationAbortedException or SiloUnavailableException or OrleansMessageRejectionException or TimeoutException;
}
