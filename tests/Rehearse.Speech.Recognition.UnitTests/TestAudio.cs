using Rehearse.Speech.Audio;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests;

/// <summary>Audio for tests, at the models' 16 kHz.</summary>
internal static class TestAudio
{
    public const int SampleRate = 16_000;

    /// <summary>espeak-ng speech of <paramref name="text"/>, resampled to 16 kHz.</summary>
    public static float[] Spoken(string text)
    {
        var wav = WavFile.Read(SpokenText.Wav(text));
        return Resampler.Resample(wav.Samples, wav.SourceFormat.SampleRate, SampleRate);
    }

    /// <summary>The sentences one after the other with <paramref name="gap"/> of digital silence around each.</summary>
    public static float[] SentencesWithPauses(TimeSpan gap, params string[] sentences)
    {
        var silence = new float[(int)(gap.TotalSeconds * SampleRate)];
        var samples = new List<float>(silence);
        foreach (var sentence in sentences)
        {
            samples.AddRange(Spoken(sentence));
            samples.AddRange(silence);
        }
        return [.. samples];
    }

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
