using System.Numerics;

namespace Rehearse.Interview.Interviewers.Analytics;

/// <summary>A voiced hesitation found in an answer's audio.</summary>
public sealed record Hesitation(TimeSpan Start, TimeSpan End);

/// <summary>Settings of <see cref="HesitationDetector"/>; the defaults were tuned on spontaneous speech (see docs/performance.md).</summary>
/// <param name="MinDuration">Shortest hesitation.</param>
/// <param name="MaxDuration">Longest hesitation; longer steady sounds are held vowels or music, not "uh".</param>
/// <param name="MinVoicing">Normalised autocorrelation peak in the pitch range that makes a frame voiced, 0 to 1.</param>
/// <param name="MaxSpectralFlux">Largest mean change of the band log spectrum between frames (dB) for a frame to count as steady.</param>
/// <param name="MaxPitchChange">Largest relative change of the pitch period between frames.</param>
/// <param name="MaxZeroCrossingRate">Largest share of zero crossings per sample (fricatives cross often); the default lets
/// everything through because on noisy telephone speech voiced frames cross as often as fricatives.</param>
/// <param name="LevelAboveFloor">How far above the recording's noise floor (dB) a frame must be.</param>
public sealed record HesitationSettings(
    TimeSpan MinDuration,
    TimeSpan MaxDuration,
    double MinVoicing = 0.75,
    double MaxSpectralFlux = 2.0,
    double MaxPitchChange = 0.08,
    double MaxZeroCrossingRate = 0.5,
    double LevelAboveFloor = 15)
{
    /// <summary>The tuned defaults: 250 ms to 1 s.</summary>
    public static HesitationSettings Default { get; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1000));
}

/// <summary>
/// Finds voiced hesitations ("uh", "um") in answer audio. The recognizer leaves them out of its transcripts, so the
/// transcript alone undercounts them. A filled pause is one sustained vowel or nasal: voiced, with a steady pitch
/// and a spectrum that barely changes for a quarter of a second or more, whereas words change sound every 50-100 ms.
/// The detector frames the 16 kHz audio (25 ms frames every 10 ms) and marks a frame steady when it is loud enough
/// above the noise floor, voiced (strong autocorrelation peak at a pitch period of 2.5-12.5 ms) and close to the
/// previous frame in pitch and in its 0-4 kHz spectrum pooled into 16 bands; runs of steady frames lasting 250 ms
/// to 1 s are hesitations. Held word-final vowels ("so...", "the...") look the same and are the main false alarms,
/// so the defaults favour precision over recall: a filler count the audio cannot support is worse than a low one.
/// </summary>
public sealed class HesitationDetector(HesitationSettings? settings = null)
{
    /// <summary>Sample rate of the audio taken.</summary>
    public const int SampleRate = 16_000;

    private const int FrameLength = 400;
    private const int Hop = 160;
    private const int FftSize = 512;
    private const int MinLag = SampleRate / 400;
    private const int MaxLag = SampleRate / 80;
    private const int SpectrumBins = FftSize * 4000 / SampleRate;
    private const int BinsPerBand = 8;

    private readonly HesitationSettings _settings = settings ?? HesitationSettings.Default;

    /// <summary>Hesitations in the audio, in order.</summary>
    /// <param name="audio">16 kHz mono samples in [-1, 1].</param>
    /// <param name="segments">The transcript's segments (used to ignore audio outside the answer's speech).</param>
    public IReadOnlyList<Hesitation> Detect(ReadOnlySpan<float> audio, IReadOnlyList<AnswerSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var frameCount = audio.Length < FrameLength ? 0 : 1 + ((audio.Length - FrameLength) / Hop);
        if (frameCount < 3)
        {
            return [];
        }

        var frames = new Frame[frameCount];
        var window = Hann();
        var spectrum = new Complex[FftSize];
        double[]? previousSpectrum = null;
        for (var f = 0; f < frameCount; f++)
        {
            var samples = audio.Slice(f * Hop, FrameLength);
            var logSpectrum = LogSpectrum(samples, window, spectrum);
            frames[f] = new Frame(
                Level(samples),
                ZeroCrossingRate(samples),
                Voicing(samples, out var lag),
                lag,
                previousSpectrum is null ? double.MaxValue : Flux(logSpectrum, previousSpectrum));
            previousSpectrum = logSpectrum;
        }

        var floor = frames.Select(f => f.Level).Order().ElementAt(frameCount / 10);
        var minFrames = (int)Math.Ceiling(_settings.MinDuration.TotalMilliseconds / 10);
        var maxFrames = (int)(_settings.MaxDuration.TotalMilliseconds / 10);
        var found = new List<Hesitation>();
        var runStart = -1;
        var misses = 0;
        for (var f = 1; f <= frameCount; f++)
        {
            var steady = f < frameCount && IsSteady(frames[f], frames[f - 1], floor);
            if (steady)
            {
                runStart = runStart < 0 ? f : runStart;
                misses = 0;
                continue;
            }

            // One unsteady frame inside a run is tolerated (a glottal pulse or a frame straddling a noise click).
            if (runStart >= 0 && f < frameCount && ++misses <= 1)
            {
                continue;
            }

            if (runStart >= 0)
            {
                var end = f - misses;
                var length = end - runStart;
                if (length >= minFrames && length <= maxFrames && InsideSpeech(runStart, end, segments))
                {
                    found.Add(new Hesitation(FrameTime(runStart), FrameTime(end) + TimeSpan.FromMilliseconds(15)));
                }
            }

            runStart = -1;
            misses = 0;
        }

        return found;
    }

    private bool IsSteady(Frame frame, Frame previous, double floor) =>
        frame.Level > floor + _settings.LevelAboveFloor
        && frame.Voicing >= _settings.MinVoicing
        && frame.ZeroCrossingRate <= _settings.MaxZeroCrossingRate
        && frame.Flux <= _settings.MaxSpectralFlux
        && previous.Lag > 0
        && Math.Abs(frame.Lag - previous.Lag) <= _settings.MaxPitchChange * previous.Lag;

    // With segments, only hesitations within the answer's speech (padded by half a second) count: noise before
    // or after the answer is not a hesitation. Without segments the whole audio is searched.
    private static bool InsideSpeech(int startFrame, int endFrame, IReadOnlyList<AnswerSegment> segments)
    {
        if (segments.Count == 0)
        {
            return true;
        }

        var start = FrameTime(startFrame);
        var end = FrameTime(endFrame);
        var pad = TimeSpan.FromMilliseconds(500);
        return segments.Any(s => start >= s.Start - pad && end <= s.End + pad);
    }

    private static TimeSpan FrameTime(int frame) => TimeSpan.FromSeconds((double)frame * Hop / SampleRate);

    private static double Level(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return 10 * Math.Log10((sum / samples.Length) + 1e-10);
    }

    private static double ZeroCrossingRate(ReadOnlySpan<float> samples)
    {
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            crossings += (samples[i - 1] >= 0) != (samples[i] >= 0) ? 1 : 0;
        }

        return (double)crossings / samples.Length;
    }

    // Normalised autocorrelation peak in the pitch range: near 1 for a periodic (voiced) frame.
    private static double Voicing(ReadOnlySpan<float> samples, out int bestLag)
    {
        double energy = 0;
        foreach (var s in samples)
        {
            energy += s * s;
        }

        bestLag = 0;
        if (energy < 1e-9)
        {
            return 0;
        }

        var best = 0.0;
        for (var lag = MinLag; lag <= MaxLag; lag++)
        {
            double sum = 0, head = 0, tail = 0;
            for (var i = 0; i + lag < samples.Length; i++)
            {
                sum += samples[i] * samples[i + lag];
                head += samples[i] * samples[i];
                tail += samples[i + lag] * samples[i + lag];
            }

            var r = sum / Math.Sqrt((head * tail) + 1e-12);
            if (r > best)
            {
                best = r;
                bestLag = lag;
            }
        }

        return best;
    }

    private static double[] LogSpectrum(ReadOnlySpan<float> samples, float[] window, Complex[] buffer)
    {
        Array.Clear(buffer);
        for (var i = 0; i < samples.Length; i++)
        {
            buffer[i] = new Complex(samples[i] * window[i], 0);
        }

        Fft(buffer);
        // Pool 0-4 kHz into bands: single bins of a noisy recording flicker even when the sound is steady.
        var result = new double[SpectrumBins / BinsPerBand];
        for (var band = 0; band < result.Length; band++)
        {
            var power = 0.0;
            for (var k = 1 + (band * BinsPerBand); k <= (band + 1) * BinsPerBand; k++)
            {
                power += buffer[k].Magnitude * buffer[k].Magnitude;
            }

            result[band] = 10 * Math.Log10((power / BinsPerBand) + 1e-10);
        }

        return result;
    }

    // Mean absolute change of the log spectrum after removing the level difference (loudness changes are not sound changes).
    private static double Flux(double[] current, double[] previous)
    {
        var offset = current.Average() - previous.Average();
        var sum = 0.0;
        for (var i = 0; i < current.Length; i++)
        {
            sum += Math.Abs(current[i] - previous[i] - offset);
        }

        return sum / current.Length;
    }

    private static float[] Hann()
    {
        var window = new float[FrameLength];
        for (var i = 0; i < FrameLength; i++)
        {
            window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (FrameLength - 1))));
        }

        return window;
    }

    // In-place iterative radix-2 FFT.
    private static void Fft(Complex[] data)
    {
        var n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        for (var length = 2; length <= n; length <<= 1)
        {
            var angle = -2 * Math.PI / length;
            var step = new Complex(Math.Cos(angle), Math.Sin(angle));
            for (var i = 0; i < n; i += length)
            {
                var w = Complex.One;
                for (var k = 0; k < length / 2; k++)
                {
                    var even = data[i + k];
                    var odd = data[i + k + (length / 2)] * w;
                    data[i + k] = even + odd;
                    data[i + k + (length / 2)] = even - odd;
                    w *= step;
                }
            }
        }
    }

    private readonly record struct Frame(double Level, double ZeroCrossingRate, double Voicing, int Lag, double Flux);
}
