using Grpc.Core;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.Api.Recognition;

/// <summary>Speech recognition rpcs. Answers UNIMPLEMENTED until the recognition engine is wired in.</summary>
public sealed class RecognitionEndpoint
{
    /// <summary>Handles <c>StreamingRecognize</c>.</summary>
    public Task StreamingRecognizeAsync(
        IAsyncStreamReader<StreamingRecognizeRequest> requestStream,
        IServerStreamWriter<StreamingRecognizeResponse> responseStream,
        ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "StreamingRecognize is not available yet."));

    /// <summary>Handles <c>Recognize</c>.</summary>
    public Task<RecognizeResponse> RecognizeAsync(RecognizeRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "Recognize is not available yet."));
}
