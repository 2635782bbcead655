namespace Rehearse.Speech.Recognition.Acoustics;

/// <summary>What <see cref="HumDetector"/> measured on a stretch of speech.</summary>
/// <param name="LoudFrames">10 ms frames within <see cref="HumDetector.LoudRange"/> of the loudest one: the sound judged.</param>
/// <param name="VoicedShare">Share of the loud frames that are voiced.</param>
/// <param name="HighShare">Energy above about 700 Hz over all the energy of the loud frames together, in dB.</param>
/// <param name="HighestFrameShare">The same share of the loud frame where it is highest, in dB.</param>
/// <param name="Flux">Mean change of the band spectrum between consecutive loud frames, in dB (see <see cref="AcousticFrame.Flux"/>).</param>
/// <param name="IsHum">Whether the stretch is a hum by these measures.</param>
public readonly record struct HumMeasure(int LoudFrames, double VoicedShare, double HighShare, double HighestFrameShare, double Flux, bool IsHum);

/// <summary>
/// Tells a closed-mouth hum ("mm-hm", "mhm") from the start of words, on the sound alone: the recognizer mishears short
/// hums as words ("Amen.", "Pill.", "I'm home"), which would begin a turn. With the lips closed the voice leaves
/// through the nose, whose resonance lies near 250 Hz, so a hum is voiced throughout, keeps one sound, and has little
/// energy above 700 Hz; the starts of words have vowels (formants from 500 Hz to 2.5 kHz), fricatives and bursts
/// (energy at 2-8 kHz), unvoiced stretches, and change sound every 50-100 ms. A stretch is a hum when, over its loud
/// frames (<see cref="LoudRange"/>), at least <see cref="MinVoicedShare"/> are voiced, the energy above 700 Hz is at
/// most <see cref="MaxHighShare"/> of all of it and at most <see cref="MaxFrameHighShare"/> in any one frame (a burst
/// or a fricative lasting a frame), and the spectrum changes by at most <see cref="MaxFlux"/> per frame on average. The
/// thresholds were set on the service's Piper voices saying "Mhm." and "Mm-hmm." against their "No.", "Nope.", "Wait,
/// no", "Yeah." and other short words, and against the first 250-700 ms of every stretch of speech in the shared real
/// recordings, favouring words: a word taken for a hum is judged by length, as backchannel words are
/// (docs/turn-taking.md). Cheap: one pass of <see cref="AcousticFrames"/> and one filter. Thread-safe.
/// </summary>
public static class HumDetector
{
    /// <summary>Frames within this many dB of the loudest frame are judged; quieter ones are breath, room or the fading edges.</summary>
    public const double LoudRange = 20;

    /// <summary>Fewest loud frames (100 ms) worth judging.</summary>
    public const int MinLoudFrames = 10;

    /// <summary>Normalised autocorrelation peak at or above which a frame is voiced (as <see cref="AcousticsOptions.VoicingThreshold"/>).</summary>
    public const double VoicingThreshold = 0.6;

    /// <summary>
    /// Share of the loud frames that must be voiced: a hum has no unvoiced sound. The voices' hums came to 0.96-1; a real
    /// "and I'm hungry", whose start is as low as a hum, to 0.91.
    /// </summary>
    public const double MinVoicedShare = 0.95;

    /// <summary>
    /// Largest energy above 700 Hz, in dB of all the energy: the voices' "Mhm." came to -12.9 to -22, their short words
    /// ("No.", "Nope.", "Wait, no" the lowest) to at most -11.8, real starts of speech otherwise like hums to at most -11.2.
    /// </summary>
    public const double MaxHighShare = -12.5;

    /// <summary>Largest energy above 700 Hz in any one loud frame, in dB of its energy: a fricative or a burst comes near 0, the voices' hums to at most -6.</summary>
    public const double MaxFrameHighShare = -5;

    /// <summary>
    /// Largest mean spectral change between loud frames (dB): the voices' hums came to 1.4-2.7, real starts of speech to
    /// 1.7-3.6 (one otherwise like a hum to 3.04).
    /// </summary>
    public const double MaxFlux = 2.8;

    private const double HighCutoff = 700;

    /// <summary>True when <paramref name="speech"/> (16 kHz mono in [-1, 1]) is a hum.</summary>
    public static bool IsHum(ReadOnlySpan<float> speech) => Measure(speech).IsHum;

    /// <summary>Measures <paramref name="speech"/> (16 kHz mono in [-1, 1]).</summary>
    public static HumMeasure Measure(ReadOnlySpan<float> speech)
    {
        var frames = AcousticFrames.Analyze(speech);
        if (frames.Length == 0)
        {
            return default;
        }
        var loudest = double.NegativeInfinity;
        foreach (var frame in frames)
        {
            loudest = Math.Max(loudest, frame.Level);
        }
        var high = HighPass(speech);
        int loud = 0, voiced = 0, changes = 0;
        double energy = 0, highEnergy = 0, highestShare = double.NegativeInfinity, flux = 0;
        for (var f = 0; f < frames.Length; f++)
        {
            if (frames[f].Level < loudest - LoudRange)
            {
                continue;
            }
            loud++;
            voiced += frames[f].Voicing >= VoicingThreshold ? 1 : 0;
            if (f > 0 && frames[f - 1].Level >= loudest - LoudRange)
            {
                flux += frames[f].Flux;
                changes++;
            }
            var frameEnergy = Energy(speech.Slice(f * AcousticFrames.Hop, AcousticFrames.FrameLength));
            var frameHigh = Energy(high.AsSpan(f * AcousticFrames.Hop, AcousticFrames.FrameLength));
            energy += frameEnergy;
            highEnergy += frameHigh;
            highestShare = Math.Max(highestShare, Decibels(frameHigh, frameEnergy));
        }
        var measure = new HumMeasure(loud, (double)voiced / loud, Decibels(highEnergy, energy), highestShare, changes == 0 ? 0 : flux / changes, false);
        return measure with
        {
            IsHum = measure.LoudFrames >= MinLoudFrames
                && measure.VoicedShare >= MinVoicedShare
                && measure.HighShare <= MaxHighShare
                && measure.HighestFrameShare <= MaxFrameHighShare
                && measure.Flux <= MaxFlux,
        };
    }

    // The energy about the frame's mean: an offset or a slow drift of the recording is not sound.
    private static double Energy(ReadOnlySpan<float> samples)
    {
        var mean = 0.0;
        foreach (var sample in samples)
        {
            mean += sample;
        }
        mean /= samples.Length;
        var energy = 0.0;
        foreach (var sample in samples)
        {
            energy += (sample - mean) * (sample - mean);
        }
        return energy;
    }

    private static double Decibels(double part, double whole) => 10 * Math.Log10((part + 1e-12) / (whole + 1e-12));

    /// <summary>A second-order Butterworth high-pass at <see cref="HighCutoff"/> (RBJ biquad): -12 dB an octave below it.</summary>
    private static float[] HighPass(ReadOnlySpan<float> samples)
    {
        var w = 2 * Math.PI * HighCutoff / AcousticFrames.SampleRate;
        var alpha = Math.Sin(w) / Math.Sqrt(2);
        var cos = Math.Cos(w);
        var a0 = 1 + alpha;
        double b0 = (1 + cos) / 2 / a0, b1 = -(1 + cos) / a0, b2 = b0, a1 = -2 * cos / a0, a2 = (1 - alpha) / a0;
        var output = new float[samples.Length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var y = (b0 * samples[i]) + (b1 * x1) + (b2 * x2) - (a1 * y1) - (a2 * y2);
            (x2, x1, y2, y1) = (x1, samples[i], y1, y);
            output[i] = (float)y;
        }
        return output;
    }
}
