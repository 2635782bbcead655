using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Rehearse.Speech.Audio;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Speech.FunctionalTests.Synthesis;

/// <summary>Helpers for calling and checking the synthesis rpcs.</summary>
internal static class SynthesisClient
{
    /// <summary>The responses of one Synthesize call, with the time each arrived after the call started.</summary>
    public static async Task<List<(SynthesizeResponse Response, TimeSpan At)>> SynthesizeAsync(
        SpeechService.SpeechServiceClient client, string text, SynthesisConfig? config = null)
    {
        var clock = Stopwatch.StartNew();
        using var call = client.Synthesize(new SynthesizeRequest { Text = text, Config = config }, cancellationToken: TestContext.Current.CancellationToken);
        var responses = new List<(SynthesizeResponse, TimeSpan)>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            responses.Add((response, clock.Elapsed));
        }
        return responses;
    }

    /// <summary>All audio bytes of the responses, in order.</summary>
    public static byte[] AudioBytes(IEnumerable<SynthesizeResponse> responses) =>
        responses.SelectMany(r => r.Audio.ToByteArray()).ToArray();

    /// <summary>The end of the last chunk: the length of the produced audio according to the responses.</summary>
    public static TimeSpan Length(IReadOnlyList<SynthesizeResponse> responses) =>
        responses[^1].Offset.ToTimeSpan() + responses[^1].Duration.ToTimeSpan();

    /// <summary>Transcribes 16 kHz mono LINEAR16 or a WAV file through the service's own Recognize rpc (Moonshine base).</summary>
    public static async Task<string> TranscribeAsync(SpeechService.SpeechServiceClient client, byte[] audio, AudioFormat format)
    {
        var response = await client.RecognizeAsync(
            new RecognizeRequest
            {
                Config = new RecognitionConfig { AudioFormat = format, Model = "moonshine-base", LanguageCode = "en-US" },
                Audio = ByteString.CopyFrom(audio),
            },
            cancellationToken: TestContext.Current.CancellationToken);
        return response.Transcript;
    }

    /// <summary>Asserts that <paramref name="transcript"/> says <paramref name="text"/>, up to <paramref name="maxWordErrorRate"/>.</summary>
    public static void AssertSays(string text, string transcript, double maxWordErrorRate)
    {
        var wer = WordErrorRate.Compute(text, transcript);
        Assert.True(wer.Rate <= maxWordErrorRate, $"WER {wer.Rate:P0}: said \"{text}\", heard \"{transcript}\"");
    }

    /// <summary>The samples of raw PCM audio.</summary>
    public static float[] Samples(byte[] audio, SampleEncoding encoding, int sampleRate) =>
        PcmCodec.DecodeToMono(audio, new PcmFormat(encoding, sampleRate, 1));

    /// <summary>Runs <paramref name="call"/> and returns the status it failed with.</summary>
    public static async Task<Status> StatusOfAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        return error.Status;
    }
}
