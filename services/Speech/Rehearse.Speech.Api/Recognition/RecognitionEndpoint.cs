using System.Globalization;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.Api.Recognition;

/// <summary>
/// The recognition rpcs over <see cref="SpeechRecognitionEngine"/>. For a stream, one task receives messages and
/// hands the audio to the engine through a bounded channel (so a fast sender is slowed down, not buffered without
/// limit); the engine's voice activity detection and decoding run apart from the receive loop.
/// </summary>
public sealed class RecognitionEndpoint(SpeechRecognitionEngine engine, IOptions<RecognitionOptions> options)
{
    private readonly RecognitionOptions _options = options.Value;

    /// <summary>Handles <c>StreamingRecognize</c>.</summary>
    public async Task StreamingRecognizeAsync(
        IAsyncStreamReader<StreamingRecognizeRequest> requestStream,
        IServerStreamWriter<StreamingRecognizeResponse> responseStream,
        ServerCallContext context)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var receiving = Task.CompletedTask;
        try
        {
            var settings = RecognitionRequestMapper.ToSettings(await ReadConfigAsync(requestStream, call.Token).ConfigureAwait(false));
            var audio = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(_options.StreamBufferMessages)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var events = engine.Stream(settings, audio.Reader, call.Token);
            receiving = ReceiveAudioAsync(requestStream, audio.Writer, call.Token);
            await foreach (var recognitionEvent in events.ConfigureAwait(false))
            {
                await responseStream.WriteAsync(RecognitionRequestMapper.ToResponse(recognitionEvent), call.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (RecognitionErrors.ToRpcException(error, context) is { } status)
        {
            throw status;
        }
        finally
        {
            // The engine is done (or failed): stop receiving, and do not leave the receive task unobserved.
            await call.CancelAsync().ConfigureAwait(false);
            await receiving.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Handles <c>Recognize</c>.</summary>
    public async Task<RecognizeResponse> RecognizeAsync(RecognizeRequest request, ServerCallContext context)
    {
        try
        {
            CheckSize(request.Audio.Length, "audio");
            var settings = RecognitionRequestMapper.ToSettings(request.Config);
            var transcript = await engine.RecognizeAsync(settings, request.Audio.Memory, context.CancellationToken).ConfigureAwait(false);
            var response = new RecognizeResponse
            {
                Transcript = transcript.Text,
                AudioDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(transcript.AudioDuration),
            };
            response.Results.AddRange(transcript.Results.Select(RecognitionRequestMapper.ToResult));
            return response;
        }
        catch (Exception error) when (RecognitionErrors.ToRpcException(error, context) is { } status)
        {
            throw status;
        }
    }

    private static async Task<RecognitionConfig> ReadConfigAsync(IAsyncStreamReader<StreamingRecognizeRequest> requestStream, CancellationToken cancellationToken)
    {
        if (!await requestStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            throw new RecognitionArgumentException("config", "the stream ended before its first message, which must carry config.");
        }
        var first = requestStream.Current;
        return first.StreamingRequestCase switch
        {
            StreamingRecognizeRequest.StreamingRequestOneofCase.Config => first.Config,
            StreamingRecognizeRequest.StreamingRequestOneofCase.Audio => throw new RecognitionArgumentException(
                "config", "the first message must carry config; it carried audio (send the configuration before any audio)."),
            _ => throw new RecognitionArgumentException("config", "the first message must carry config; it carried nothing."),
        };
    }

    private async Task ReceiveAudioAsync(IAsyncStreamReader<StreamingRecognizeRequest> requestStream, ChannelWriter<ReadOnlyMemory<byte>> audio, CancellationToken cancellationToken)
    {
        // Armed only while waiting for the client: time spent waiting for the recognizer to take audio is not idleness.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var index = 1;
            while (await MoveNextAsync(requestStream, idle, cancellationToken).ConfigureAwait(false))
            {
                var message = requestStream.Current;
                switch (message.StreamingRequestCase)
                {
                    case StreamingRecognizeRequest.StreamingRequestOneofCase.Audio:
                        CheckSize(message.Audio.Length, $"audio (message {index})");
                        await audio.WriteAsync(message.Audio.Memory, cancellationToken).ConfigureAwait(false);
                        break;
                    case StreamingRecognizeRequest.StreamingRequestOneofCase.Config:
                        throw new RecognitionArgumentException("config", $"only the first message may carry config; message {index} carried a second one.");
                    default:
                        throw new RecognitionArgumentException("streaming_request", $"message {index} carries neither config nor audio.");
                }
                index++;
            }
            audio.TryComplete();
        }
        catch (Exception error)
        {
            // The engine reads the failure from the channel, after the results of the audio before it.
            audio.TryComplete(error);
        }
    }

    /// <summary>The next message, or DEADLINE_EXCEEDED when none arrives within <see cref="RecognitionOptions.IdleTimeout"/>.</summary>
    private async Task<bool> MoveNextAsync(IAsyncStreamReader<StreamingRecognizeRequest> requestStream, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        idle.CancelAfter(_options.IdleTimeout);
        try
        {
            return await requestStream.MoveNext(idle.Token).ConfigureAwait(false);
        }
        catch (Exception) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, string.Create(CultureInfo.InvariantCulture,
                $"audio: none arrived for {_options.IdleTimeout.TotalSeconds:0.###} s (Speech:Recognition:IdleTimeout); the stream was ended.")));
        }
        finally
        {
            idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private void CheckSize(int bytes, string field)
    {
        if (bytes > _options.MaxMessageBytes)
        {
            throw new RecognitionArgumentException(field,
                $"{bytes} bytes is over the limit of {_options.MaxMessageBytes} bytes per message (Speech:Recognition:MaxMessageBytes).");
        }
    }
}
