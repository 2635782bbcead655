using Grpc.Core;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// The status of a call that ended because it was cancelled: DEADLINE_EXCEEDED when its deadline is what ended it,
/// CANCELLED when the client gave up before. Whatever the work fails with once the call is cancelled (a cancelled
/// wait, an aborted request body, an ONNX run terminated mid-inference) is the cancellation's doing, and is reported
/// as such rather than as UNKNOWN or INTERNAL.
/// </summary>
public static class CallCancellation
{
    /// <summary>
    /// How close to its deadline a cancelled call counts as ended by it. The client's clock starts before its
    /// request reaches the service, so the reset the client sends when its deadline passes arrives while the
    /// service's own timer for the same deadline still has the transit time (and, on a busy machine, the client's
    /// scheduling delays) to run.
    /// </summary>
    public static readonly TimeSpan DeadlineTolerance = TimeSpan.FromSeconds(1);

    /// <summary>Whether <paramref name="context"/>'s call has a deadline that has passed, or is within <see cref="DeadlineTolerance"/>.</summary>
    public static bool DeadlineReached(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Deadline != DateTime.MaxValue && context.Deadline - DateTime.UtcNow <= DeadlineTolerance;
    }

    /// <summary>
    /// The status for a call that ended while cancelled, saying that <paramref name="work"/> stopped; null when the
    /// call is not cancelled.
    /// </summary>
    public static RpcException? Status(ServerCallContext context, string work = "the call")
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
        return DeadlineReached(context)
            ? new RpcException(new Status(StatusCode.DeadlineExceeded, $"The deadline passed; {work} stopped."))
            : new RpcException(new Status(StatusCode.Cancelled, $"The call was cancelled; {work} stopped."));
    }
}
