using Grpc.Core;
using Rehearse.ServiceDefaults;
using Rehearse.Speech.Api.Recognition;
using Rehearse.Speech.Api.Synthesis;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.Api.Grpc;

/// <summary>The <c>rehearse.speech.v1.SpeechService</c> gRPC surface: each rpc is handled by its area's endpoint.</summary>
[BindServiceMethod(typeof(SpeechGrpcService), nameof(BindService))]
public sealed class SpeechGrpcService(RecognitionEndpoint recognition, SynthesisEndpoint synthesis)
    : SpeechService.SpeechServiceBase
{
    /// <summary>Binds the rpcs so that a request the protobuf runtime cannot parse is answered with INVALID_ARGUMENT.</summary>
    public static void BindService(ServiceBinderBase binder, SpeechService.SpeechServiceBase? service) =>
        SpeechService.BindService(new MalformedRequestBinder(binder), service);

    /// <inheritdoc />
    public override Task StreamingRecognize(
        IAsyncStreamReader<StreamingRecognizeRequest> requestStream,
        IServerStreamWriter<StreamingRecognizeResponse> responseStream,
        ServerCallContext context) =>
        recognition.StreamingRecognizeAsync(requestStream, responseStream, context);

    /// <inheritdoc />
    public override Task<RecognizeResponse> Recognize(RecognizeRequest request, ServerCallContext context) =>
        recognition.RecognizeAsync(request, context);

    /// <inheritdoc />
    public override Task Synthesize(
        SynthesizeRequest request,
        IServerStreamWriter<SynthesizeResponse> responseStream,
        ServerCallContext context) =>
        synthesis.SynthesizeAsync(request, responseStream, context);

    /// <inheritdoc />
    public override Task StreamingSynthesize(
        IAsyncStreamReader<StreamingSynthesizeRequest> requestStream,
        IServerStreamWriter<SynthesizeResponse> responseStream,
        ServerCallContext context) =>
        synthesis.StreamingSynthesizeAsync(requestStream, responseStream, context);

    /// <inheritdoc />
    public override Task<ListVoicesResponse> ListVoices(ListVoicesRequest request, ServerCallContext context) =>
        synthesis.ListVoicesAsync(request, context);
}
