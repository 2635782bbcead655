namespace Rehearse.Speech.Audio.UnitTests;

/// <summary>Test signals and measurements.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, double seconds, double amplitude = 0.5)
    {
        var samples = new float[(int)Math.Round(seconds * sampleRate)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    public static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return samples;
    }

    /// <summary>The middle half of a signal, away from the edges where the sudden start and end ring.</summary>
    public static ReadOnlySpan<float> Middle(float[] samples) => samples.AsSpan(samples.Length / 4, samples.Length / 2);

    /// <summary>The amplitude of the component at <paramref name="frequency"/> (least-squares fit of a sine and cosine).</summary>
    public static double ToneAmplitude(ReadOnlySpan<float> samples, double frequency, int sampleRate, int firstIndex)
    {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double angle = 2 * Math.PI * frequency * (firstIndex + i) / sampleRate;
            double s = Math.Sin(angle), c = Math.Cos(angle);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += samples[i] * s;
            yc += samples[i] * c;
        }

        double det = (ss * cc) - (sc * sc);
        double a = ((ys * cc) - (yc * sc)) / det;
        double b = ((yc * ss) - (ys * sc)) / det;
        return Math.Sqrt((a * a) + (b * b));
    }

    public static int ZeroCrossings(ReadOnlySpan<float> samples)
    {
        int count = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                count++;
            }
        }

        return count;
    }
}
