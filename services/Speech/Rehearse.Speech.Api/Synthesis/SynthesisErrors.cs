using Grpc.Core;
using Rehearse.ServiceDefaults;
using Rehearse.Speech.Synthesis;

namespace Rehearse.Speech.Api.Synthesis;

/// <summary>Maps synthesis failures to gRPC statuses.</summary>
internal static class SynthesisErrors
{
    /// <summary>
    /// The status for <paramref name="error"/>, or <c>null</c> for an unexpected failure (left to the host, which
    /// answers UNKNOWN without details).
    /// </summary>
    public static RpcException? ToRpcException(Exception error, ServerCallContext context) => error switch
    {
        RpcException rpc => rpc,
        SynthesisRequestException request => InvalidArgument(ProtoField(request.Field), request.Reason),
        SynthesisCapacityException capacity => new RpcException(new Status(StatusCode.ResourceExhausted, capacity.Message)),
        // Once the call is cancelled, whatever the work fails with is the cancellation's doing.
        _ => CallCancellation.Status(context, "synthesis"),
    };

    /// <summary>An INVALID_ARGUMENT status whose message starts with the field path.</summary>
    public static RpcException InvalidArgument(string field, string reason) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {reason}"));

    // The engine names fields relative to the request; all but the text live in SynthesisConfig.
    private static string ProtoField(string engineField) => engineField == "text" ? "text" : "config." + engineField;
}
