using System.Threading.Channels;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests;

/// <summary>Audio for tests, at the models' 16 kHz.</summary>
internal static class TestAudio
{
    public const int SampleRate = 16_000;

    /// <summary>Uniform white noise at the given peak amplitude (seeded, so runs repeat).</summary>
    public static float[] Noise(TimeSpan duration, float amplitude, int seed = 7)
    {
        var random = new Random(seed);
        var samples = new float[(int)(duration.TotalSeconds * SampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(random.NextDouble() * 2 - 1) * amplitude;
        }
        return samples;
    }

    /// <summary>16-bit little-endian PCM bytes of <paramref name="samples"/>.</summary>
    public static byte[] Linear16(ReadOnlySpan<float> samples) => PcmCodec.Encode(samples, SampleEncoding.Linear16);

    /// <summary>
    /// Streams <paramref name="audio"/> through <paramref name="engine"/> in chunks of <paramref name="chunkBytes"/> (with
    /// <paramref name="chunkInterval"/> between them, as a live source sends) and returns every event.
    /// </summary>
    public static async Task<List<RecognitionEvent>> StreamAsync(
        SpeechRecognitionEngine engine, RecognitionSettings settings, byte[] audio, int chunkBytes, TimeSpan? chunkInterval = null)
    {
        var channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(8);
        var writer = Task.Run(async () =>
        {
            for (var offset = 0; offset < audio.Length; offset += chunkBytes)
            {
                await channel.Writer.WriteAsync(audio.AsMemory(offset, Math.Min(chunkBytes, audio.Length - offset)), TestContext.Current.CancellationToken);
                if (chunkInterval is { } interval)
                {
                    await Task.Delay(interval, TestContext.Current.CancellationToken);
                }
            }
            channel.Writer.Complete();
        });
        var events = new List<RecognitionEvent>();
        await foreach (var e in engine.Stream(settings, channel.Reader, TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }
        await writer;
        return events;
    }
}
