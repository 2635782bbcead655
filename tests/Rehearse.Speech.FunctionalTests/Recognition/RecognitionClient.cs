using Google.Protobuf;
using Grpc.Core;
using Rehearse.Speech.Audio;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Speech.FunctionalTests.Recognition;

/// <summary>Drives the recognition rpcs the way a client does, and makes test audio.</summary>
internal static class RecognitionClient
{
    public const int SampleRate = 16_000;

    public static RecognitionConfig Linear16Config(
        int sampleRate = SampleRate, int channels = 1, string model = "", bool interim = false, bool events = false, bool acoustics = false) => new()
    {
        AudioFormat = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = sampleRate, ChannelCount = channels },
        Model = model,
        InterimResults = interim,
        VoiceActivityEvents = events,
        AcousticFeatures = acoustics,
    };

    /// <summary>
    /// Sends <paramref name="config"/> and then <paramref name="audio"/> in chunks of <paramref name="chunkBytes"/>,
    /// half-closes, and returns every response. With <paramref name="pace"/> the chunks are sent at that speed
    /// (1 = real time); without, as fast as the service takes them.
    /// </summary>
    public static async Task<List<StreamingRecognizeResponse>> StreamAsync(
        SpeechService.SpeechServiceClient client, RecognitionConfig config, byte[] audio, int chunkBytes,
        TimeSpan? chunkInterval = null, CancellationToken cancellationToken = default)
    {
        using var call = client.StreamingRecognize(cancellationToken: cancellationToken);
        var responses = new List<StreamingRecognizeResponse>();
        var reading = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                responses.Add(response);
            }
        }, cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = config }, cancellationToken);
            for (var offset = 0; offset < audio.Length; offset += chunkBytes)
            {
                var chunk = ByteString.CopyFrom(audio, offset, Math.Min(chunkBytes, audio.Length - offset));
                await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = chunk }, cancellationToken);
                if (chunkInterval is { } interval)
                {
                    await Task.Delay(interval, cancellationToken);
                }
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The service ended the call early; the reader reports its status.
        }
        catch (InvalidOperationException)
        {
            // Writing after the call completed; the reader reports its status.
        }
        await reading;
        return responses;
    }

    /// <summary>Like <see cref="StreamAsync"/>, but expects the call to fail, and returns the responses before the failure.</summary>
    public static async Task<(RpcException Error, List<StreamingRecognizeResponse> Responses)> StreamExpectingErrorAsync(
        SpeechService.SpeechServiceClient client, IEnumerable<StreamingRecognizeRequest> requests, CancellationToken cancellationToken)
    {
        using var call = client.StreamingRecognize(cancellationToken: cancellationToken);
        var responses = new List<StreamingRecognizeResponse>();
        var reading = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                responses.Add(response);
            }
        }, cancellationToken);
        try
        {
            foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request, cancellationToken);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception error) when (error is RpcException or InvalidOperationException)
        {
            // The service ended the call early; the reader reports its status.
        }
        var failure = await Assert.ThrowsAsync<RpcException>(() => reading);
        return (failure, responses);
    }

    public static List<RecognitionResult> Finals(IEnumerable<StreamingRecognizeResponse> responses) =>
        [.. responses.Where(r => r.Result is { IsFinal: true }).Select(r => r.Result)];

    public static string FinalText(IEnumerable<StreamingRecognizeResponse> responses) =>
        string.Join(' ', Finals(responses).Select(r => r.Transcript).Where(t => t.Length > 0));

    public static byte[] Linear16(ReadOnlySpan<float> samples) => PcmCodec.Encode(samples, SampleEncoding.Linear16);
}
