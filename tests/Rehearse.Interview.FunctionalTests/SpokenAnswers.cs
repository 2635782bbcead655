using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Rehearse.Speech.V1;
using Rehearse.Testing;
using SpeechAudioEncoding = Rehearse.Speech.V1.AudioEncoding;
using SpeechAudioFormat = Rehearse.Speech.V1.AudioFormat;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Answers spoken by the Speech service's own voice (16 kHz LINEAR16), sent as a microphone would.</summary>
public static class SpokenAnswers
{
    /// <summary>Bytes of 100 ms of 16 kHz LINEAR16 audio: one microphone chunk.</summary>
    public const int ChunkBytes = 3_200;

    /// <summary>
    /// What the candidate says for answer <paramref name="index"/>: plain words that survive synthesis and recognition
    /// (not "queue" or "retry": 20 renditions of them were heard as "cue", "Q", "dye to base", "re-dry", up to a 33 %
    /// word error rate, and one in a test run reached 39 %, past what these tests allow).
    /// </summary>
    public static string Text(int index) => index switch
    {
        0 => "I would keep the payments in a list in front of the database and try each one again with the same key.",
        1 => "I would look at the logs and the metrics, and then talk with the team about the slow requests.",
        _ => "I would split the service in two and let each team own its data and its deployments.",
    };

    /// <summary>Speaks <paramref name="text"/> as 16 kHz mono LINEAR16 PCM.</summary>
    public static async Task<byte[]> SynthesizeAsync(SpeechServiceFixture speech, string text, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(speech.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = speech.CreateSpeechHandler(),
            MaxReceiveMessageSize = null,
        });
        var client = new SpeechService.SpeechServiceClient(channel);
        using var call = client.Synthesize(new SynthesizeRequest
        {
            Text = text,
            Config = new SynthesisConfig { AudioFormat = new SpeechAudioFormat { Encoding = SpeechAudioEncoding.Linear16, SampleRateHertz = 16_000 } },
        }, cancellationToken: cancellationToken);
        using var pcm = new MemoryStream();
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            response.Audio.WriteTo(pcm);
        }
        Assert.True(pcm.Length > 16_000, $"The Speech service spoke '{text}' as only {pcm.Length} bytes.");
        return pcm.ToArray();
    }

    /// <summary>The audio cut into microphone-sized chunks.</summary>
    public static IEnumerable<ByteString> Chunks(byte[] pcm)
    {
        for (var offset = 0; offset < pcm.Length; offset += ChunkBytes)
        {
            yield return ByteString.CopyFrom(pcm, offset, Math.Min(ChunkBytes, pcm.Length - offset));
        }
    }

    /// <summary>A silent microphone chunk.</summary>
    public static ByteString Silence { get; } = ByteString.CopyFrom(new byte[ChunkBytes]);

    /// <summary>Asserts that what was recognized matches what was said.</summary>
    public static void AssertHeard(string said, string recognized)
    {
        var errors = WordErrorRate.Compute(said, recognized);
        Assert.True(errors.Rate <= 0.35, $"Said '{said}', recognized '{recognized}' (word error rate {errors.Rate:P0}).");
    }
}
