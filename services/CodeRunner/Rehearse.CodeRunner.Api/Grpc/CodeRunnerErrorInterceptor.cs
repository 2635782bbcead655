using Grpc.Core;
using Rehearse.CodeRunner.Problems.Judging;
using Rehearse.CodeRunner.Sandbox;
using Rehearse.ServiceDefaults;

namespace Rehearse.CodeRunner.Api.Grpc;

/// <summary>Maps the code runner's failures to gRPC statuses.</summary>
internal sealed class CodeRunnerErrorInterceptor : ExceptionTranslatingInterceptor
{
    /// <inheritdoc />
    protected override Exception? Translate(Exception error, ServerCallContext context) => error switch
    {
        RpcException => null,
        SandboxRequestException request => new RpcException(new Status(StatusCode.InvalidArgument, request.Message)),
        ProblemNotFoundException missing => new RpcException(new Status(StatusCode.NotFound, missing.Message)),
        SandboxBusyException busy => new RpcException(new Status(StatusCode.ResourceExhausted, busy.Message)),
        // Once the call is cancelled, whatever the run fails with is the cancellation's doing.
        _ => CallCancellation.Status(context, "the run"),
    };
}
