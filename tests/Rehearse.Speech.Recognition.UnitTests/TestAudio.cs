using Rehearse.Speech.Audio;
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
}
