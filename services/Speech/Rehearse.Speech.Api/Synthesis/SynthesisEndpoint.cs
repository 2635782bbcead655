using System.Globalization;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.Api.Synthesis;

/// <summary>
/// The synthesis rpcs: a thin adapter that maps requests to <see cref="SpeechSynthesizer"/> settings, streams its
/// chunks as responses and maps its errors to statuses. The call's cancellation token reaches the engine, so a
/// client that goes away stops the synthesis at once; one that stops reading is given up on after
/// <see cref="SynthesisOptions.WriteTimeout"/>, which stops it too.
/// </summary>
public sealed class SynthesisEndpoint(SpeechSynthesizer engine)
{
    /// <summary>Handles <c>Synthesize</c>.</summary>
    public async Task SynthesizeAsync(SynthesizeRequest request, IServerStreamWriter<SynthesizeResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var stream = engine.Open(SynthesisRequestMapper.ToSettings(request.Config));
            await SendAsync(stream, stream.SpeakAsync(request.Text, context.CancellationToken), responseStream, context.CancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (SynthesisErrors.ToRpcException(e, context) is { } status)
        {
            throw status;
        }
    }

    /// <summary>Handles <c>StreamingSynthesize</c>.</summary>
    public async Task StreamingSynthesizeAsync(
        IAsyncStreamReader<StreamingSynthesizeRequest> requestStream,
        IServerStreamWriter<SynthesizeResponse> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false)
                || requestStream.Current.StreamingRequestCase != StreamingSynthesizeRequest.StreamingRequestOneofCase.Config)
            {
                throw SynthesisErrors.InvalidArgument("config", "the first message must carry the configuration.");
            }
            using var stream = engine.Open(SynthesisRequestMapper.ToSettings(requestStream.Current.Config));
            var text = ReadTextAsync(requestStream, context.CancellationToken);
            await SendAsync(stream, stream.SpeakAsync(text, context.CancellationToken), responseStream, context.CancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (SynthesisErrors.ToRpcException(e, context) is { } status)
        {
            throw status;
        }
    }

    /// <summary>Handles <c>ListVoices</c>.</summary>
    public Task<ListVoicesResponse> ListVoicesAsync(ListVoicesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var response = new ListVoicesResponse();
            response.Voices.AddRange(engine.ListVoices(request.LanguageCode).Select(SynthesisRequestMapper.ToVoice));
            return Task.FromResult(response);
        }
        catch (SynthesisRequestException e)
        {
            // Here the field is the request's own, not one of SynthesisConfig.
            throw SynthesisErrors.InvalidArgument(e.Field, e.Reason);
        }
    }

    private static async IAsyncEnumerable<TextInput> ReadTextAsync(
        IAsyncStreamReader<StreamingSynthesizeRequest> requestStream,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await requestStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var message = requestStream.Current;
            switch (message.StreamingRequestCase)
            {
                case StreamingSynthesizeRequest.StreamingRequestOneofCase.Text:
                    yield return new TextInput(message.Text);
                    break;
                case StreamingSynthesizeRequest.StreamingRequestOneofCase.Flush:
                    if (message.Flush)
                    {
                        yield return TextInput.Flush;
                    }
                    break;
                case StreamingSynthesizeRequest.StreamingRequestOneofCase.Config:
                    throw SynthesisErrors.InvalidArgument("config", "only the first message may carry the configuration.");
                default:
                    throw SynthesisErrors.InvalidArgument("streaming_request", "a message must set text or flush.");
            }
        }
    }

    private async Task SendAsync(
        SynthesisStream stream,
        IAsyncEnumerable<SynthesisChunk> chunks,
        IServerStreamWriter<SynthesizeResponse> responseStream,
        CancellationToken cancellationToken)
    {
        // Armed only while a chunk waits for the client, not while the next sentence is synthesized.
        using var write = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = true;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var response = new SynthesizeResponse
            {
                Audio = UnsafeByteOperations.UnsafeWrap(chunk.Audio),
                Offset = Duration.FromTimeSpan(chunk.Offset),
                Duration = Duration.FromTimeSpan(chunk.Duration),
                SentenceIndex = chunk.SentenceIndex,
                SentenceText = chunk.SentenceText,
                SentenceEnd = chunk.SentenceEnd,
            };
            if (first)
            {
                response.AudioFormat = SynthesisRequestMapper.ToAudioFormat(stream.Format);
                first = false;
            }
            write.CancelAfter(engine.Options.WriteTimeout);
            try
            {
                await responseStream.WriteAsync(response, write.Token).ConfigureAwait(false);
            }
            catch (Exception) when (write.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, string.Create(CultureInfo.InvariantCulture,
                    $"The client took no audio for {engine.Options.WriteTimeout.TotalSeconds:0.###} s (Speech:Synthesis:WriteTimeout); synthesis stopped.")));
            }
            write.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }
}
