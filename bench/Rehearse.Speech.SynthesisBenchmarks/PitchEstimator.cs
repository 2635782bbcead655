namespace Rehearse.Speech.SynthesisBenchmarks;

/// <summary>
/// The median fundamental frequency of voiced speech, by normalised autocorrelation over 40 ms frames of 16 kHz
/// audio (60-400 Hz). Good enough to tell typical male (about 85-155 Hz) from female (about 165-255 Hz) voices.
/// </summary>
internal static class PitchEstimator
{
    private const int SampleRate = 16000;
    private const int Frame = 640;
    private const int MinLag = SampleRate / 400;
    private const int MaxLag = SampleRate / 60;

    public static double MedianHz(ReadOnlySpan<float> samples)
    {
        var pitches = new List<double>();
        double totalEnergy = 0;
        foreach (var s in samples)
        {
            totalEnergy += s * s;
        }
        var meanEnergy = totalEnergy / Math.Max(1, samples.Length);
        for (var start = 0; start + Frame + MaxLag < samples.Length; start += Frame / 2)
        {
            var frame = samples.Slice(start, Frame + MaxLag);
            double energy = 0;
            for (var i = 0; i < Frame; i++)
            {
                energy += frame[i] * frame[i];
            }
            if (energy / Frame < meanEnergy * 0.5)
            {
                continue;
            }
            var correlation = new double[MaxLag + 2];
            var best = 0.0;
            for (var lag = MinLag; lag <= MaxLag + 1; lag++)
            {
                double cross = 0, shifted = 0;
                for (var i = 0; i < Frame && i + lag < frame.Length; i++)
                {
                    cross += frame[i] * frame[i + lag];
                    shifted += frame[i + lag] * frame[i + lag];
                }
                correlation[lag] = cross / Math.Sqrt(energy * shifted + 1e-12);
                best = Math.Max(best, correlation[lag]);
            }
            if (best < 0.6)
            {
                continue;
            }
            // The shortest lag that is a peak nearly as strong as the best: multiples of the period score as
            // high as the period itself, and picking them would halve the pitch.
            for (var lag = MinLag + 1; lag <= MaxLag; lag++)
            {
                if (correlation[lag] >= 0.9 * best && correlation[lag] >= correlation[lag - 1] && correlation[lag] >= correlation[lag + 1])
                {
                    pitches.Add((double)SampleRate / lag);
                    break;
                }
            }
        }
        if (pitches.Count == 0)
        {
            return 0;
        }
        pitches.Sort();
        return pitches[pitches.Count / 2];
    }
}
