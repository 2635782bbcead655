using Grpc.Core;
using Rehearse.Interview.Core.Coding;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Storage;
using Rehearse.ServiceDefaults;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>
/// Turns the conversation engine's refusals into gRPC statuses: not found → NOT_FOUND, an invalid field →
/// INVALID_ARGUMENT, the wrong state → FAILED_PRECONDITION, too many sessions running or a busy code runner →
/// RESOURCE_EXHAUSTED, speech, the code runner or storage unavailable → UNAVAILABLE, and a fault of the session → INTERNAL. The engine's messages are written for the caller and are passed on.
/// </summary>
internal sealed class SessionErrorInterceptor : ExceptionTranslatingInterceptor
{
    private static RpcException ToRpc(Exception error) => error switch
    {
        SessionNotFoundException e => new RpcException(new Status(StatusCode.NotFound, e.Message)),
        InvalidSessionRequestException e => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        SessionStateException e => new RpcException(new Status(StatusCode.FailedPrecondition, e.Message)),
        SessionLimitException e => new RpcException(new Status(StatusCode.ResourceExhausted, e.Message)),
        CodeRunnerBusyException e => new RpcException(new Status(StatusCode.ResourceExhausted, e.Message)),
        SessionUnavailableException e => new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        StoreUnavailableException => new RpcException(new Status(StatusCode.Unavailable, "The database is unreachable; retry shortly.")),
        _ => new RpcException(new Status(StatusCode.Internal, "The session could not handle the request.")),
    };

    /// <inheritdoc />
    protected override Exception? Translate(Exception error) =>
        error is SessionException or StoreUnavailableException ? ToRpc(error) : null;
}
