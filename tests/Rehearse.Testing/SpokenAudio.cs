using Rehearse.Speech.Audio;

namespace Rehearse.Testing;

/// <summary>Speech made with <see cref="SpokenText"/>, as samples at the recognizer's 16 kHz.</summary>
public static class SpokenAudio
{
    /// <summary>The rate of the samples these helpers return.</summary>
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
}
