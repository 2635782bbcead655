namespace Rehearse.Speech.Recognition.UnitTests.Acoustics;

/// <summary>Vowel-like test signals: a voice with harmonics up to 4 kHz over faint noise, at 16 kHz.</summary>
internal static class SyntheticVoice
{
    public const int SampleRate = 16_000;

    /// <summary>Faint noise of <paramref name="seconds"/> (seeded, so runs repeat).</summary>
    public static float[] Silence(double seconds, int seed = 1)
    {
        var random = new Random(seed);
        var audio = new float[(int)(seconds * SampleRate)];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = (float)((random.NextDouble() - 0.5) * 0.002);
        }
        return audio;
    }

    /// <summary>
    /// Adds a voice to <paramref name="audio"/> from <paramref name="from"/> to <paramref name="to"/> seconds, with its
    /// pitch (Hz) and amplitude given as functions of the time since <paramref name="from"/>. Harmonic h has 1/h^<paramref name="rolloff"/>
    /// of the first one's amplitude: 1 is an open vowel's buzz, 3 a closed-mouth hum whose energy lies below 500 Hz.
    /// </summary>
    public static void AddVoice(float[] audio, double from, double to, Func<double, double> pitch, Func<double, double>? amplitude = null, double rolloff = 1)
    {
        var phase = 0.0;
        for (var i = (int)(from * SampleRate); i < (int)(to * SampleRate); i++)
        {
            var t = (double)i / SampleRate - from;
            var f0 = pitch(t);
            phase += 2 * Math.PI * f0 / SampleRate;
            var gain = amplitude?.Invoke(t) ?? 1;
            for (var harmonic = 1; harmonic * f0 <= 4000; harmonic++)
            {
                audio[i] += (float)(gain * 0.3 / Math.Pow(harmonic, rolloff) * Math.Sin(harmonic * phase));
            }
        }
    }

    /// <summary>Adds loud noise (a fricative) from <paramref name="from"/> to <paramref name="to"/> seconds.</summary>
    public static void AddNoise(float[] audio, double from, double to, int seed = 2)
    {
        var random = new Random(seed);
        for (var i = (int)(from * SampleRate); i < (int)(to * SampleRate); i++)
        {
            audio[i] += (float)((random.NextDouble() - 0.5) * 0.6);
        }
    }

    /// <summary>A pitch that glides from <paramref name="start"/> to <paramref name="end"/> Hz over <paramref name="seconds"/>, evenly in semitones.</summary>
    public static Func<double, double> Glide(double start, double end, double seconds) =>
        t => start * Math.Pow(end / start, Math.Clamp(t / seconds, 0, 1));
}
