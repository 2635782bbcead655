using Grpc.Core;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.Api.Synthesis;

/// <summary>Speech synthesis rpcs. Answers UNIMPLEMENTED until the synthesis engine is wired in.</summary>
public sealed class SynthesisEndpoint
{
    /// <summary>Handles <c>Synthesize</c>.</summary>
    public Task SynthesizeAsync(SynthesizeRequest request, IServerStreamWriter<SynthesizeResponse> responseStream, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "Synthesize is not available yet."));

    /// <summary>Handles <c>StreamingSynthesize</c>.</summary>
    public Task StreamingSynthesizeAsync(
        IAsyncStreamReader<StreamingSynthesizeRequest> requestStream,
        IServerStreamWriter<SynthesizeResponse> responseStream,
        ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "StreamingSynthesize is not available yet."));

    /// <summary>Handles <c>ListVoices</c>.</summary>
    public Task<ListVoicesResponse> ListVoicesAsync(ListVoicesRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "ListVoices is not available yet."));
}
