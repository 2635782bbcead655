namespace Rehearse.Speech.Audio;

/// <summary>Signal level measurements.</summary>
public static class AudioLevels
{
    /// <summary>The level <see cref="ToDbfs"/> reports for silence, instead of negative infinity.</summary>
    public const float SilenceDbfs = -120f;

    /// <summary>The root mean square of the samples (0 for none).</summary>
    public static float Rms(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (float sample in samples)
        {
            sum += (double)sample * sample;
        }

        return (float)Math.Sqrt(sum / samples.Length);
    }

    /// <summary>The largest absolute sample value (0 for none).</summary>
    public static float Peak(ReadOnlySpan<float> samples)
    {
        float peak = 0;
        foreach (float sample in samples)
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        return peak;
    }

    /// <summary>A linear level relative to full scale in decibels (20·log10), no lower than <see cref="SilenceDbfs"/>.</summary>
    public static float ToDbfs(float linear) => Math.Max(SilenceDbfs, 20f * MathF.Log10(linear));
}
