using Grpc.Core;
using Rehearse.ServiceDefaults;
using Rehearse.Speech.Recognition.Engine;

namespace Rehearse.Speech.Api.Recognition;

/// <summary>Maps recognition failures to gRPC statuses.</summary>
internal static class RecognitionErrors
{
    /// <summary>
    /// The status for <paramref name="error"/>, or <c>null</c> for an unexpected failure (left to the host, which
    /// answers UNKNOWN without details).
    /// </summary>
    public static RpcException? ToRpcException(Exception error, ServerCallContext context) => error switch
    {
        RpcException rpc => rpc,
        RecognitionArgumentException argument => new RpcException(new Status(StatusCode.InvalidArgument, argument.Message)),
        RecognitionLimitException limit => new RpcException(new Status(StatusCode.OutOfRange, limit.Message)),
        RecognitionCapacityException capacity => new RpcException(new Status(StatusCode.ResourceExhausted, capacity.Message)),
        // Once the call is cancelled, whatever the work fails with (a cancelled wait, an ONNX run terminated
        // mid-inference) is the cancellation's doing.
        _ => CallCancellation.Status(context, "recognition"),
    };
}
