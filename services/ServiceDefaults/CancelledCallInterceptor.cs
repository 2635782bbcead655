using Grpc.Core;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// Answers a call that a handler leaves with an unexpected exception after the call was cancelled with the
/// status of the cancellation (<see cref="CallCancellation"/>), so that a passed deadline is DEADLINE_EXCEEDED
/// whatever the handler was doing, never UNKNOWN. A status the handler chose itself is kept.
/// </summary>
public sealed class CancelledCallInterceptor : ExceptionTranslatingInterceptor
{
    /// <inheritdoc />
    protected override Exception? Translate(Exception error, ServerCallContext context) =>
        error is RpcException ? null : CallCancellation.Status(context);
}
