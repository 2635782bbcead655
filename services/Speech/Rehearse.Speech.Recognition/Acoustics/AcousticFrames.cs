using System.Numerics.Tensors;

namespace Rehearse.Speech.Recognition.Acoustics;

/// <summary>What one 25 ms frame of audio sounds like.</summary>
/// <param name="Level">Mean power in dB relative to full scale (10·log10 of the mean square).</param>
/// <param name="ZeroCrossingRate">Share of samples where the sign changes.</param>
/// <param name="Voicing">Normalised autocorrelation peak in the pitch range, 0 to 1: near 1 for a periodic (voiced) frame.</param>
/// <param name="Lag">The lag of that peak in samples; 0 for a silent frame.</param>
/// <param name="PitchLag">The pitch period in samples: the shortest lag whose correlation is a peak almost as high as the best
/// (a voice correlates at two and three periods too, and the best of those flickers from frame to frame); 0 for a silent frame.</param>
/// <param name="Flux">Mean change of the band log spectrum from the previous frame (dB) with the level change removed;
/// <see cref="double.MaxValue"/> for the first frame.</param>
internal readonly record struct AcousticFrame(double Level, double ZeroCrossingRate, double Voicing, int Lag, int PitchLag, double Flux);

/// <summary>
/// Cuts 16 kHz audio into 25 ms frames every 10 ms and measures each: level, zero crossings, voicing and pitch
/// period (autocorrelation at periods of 2.5-12.5 ms, 80-400 Hz), and the change of its 0-4 kHz spectrum pooled
/// into 16 bands. One pass serves every acoustic feature. Thread-safe: buffers are per call.
/// </summary>
internal static class AcousticFrames
{
    /// <summary>Sample rate of the audio taken.</summary>
    public const int SampleRate = 16_000;

    /// <summary>Samples between frame starts (10 ms).</summary>
    public const int Hop = 160;

    /// <summary>Samples per frame (25 ms).</summary>
    public const int FrameLength = 400;

    private const int FftSize = 512;
    // The real frame is transformed as a complex sequence of half the length (even samples real, odd imaginary).
    private const int HalfSize = FftSize / 2;
    private const int HalfBits = 8;
    private const int MinLag = SampleRate / 400;
    private const int MaxLag = SampleRate / 80;
    private const int SpectrumBins = FftSize * 4000 / SampleRate;
    private const int BinsPerBand = 8;
    private const int Bands = SpectrumBins / BinsPerBand;
    // A later correlation peak within this share of the best one is the same periodicity at a multiple of the period.
    private const double OctavePeakShare = 0.9;

    private static readonly float[] Window = HannWindow();
    private static readonly int[] BitReversed = BitReversal();
    // e^(-2πik/N) for k < N/2, N = FftSize; the half-size transform uses every other one.
    private static readonly double[] TwiddleCos = Twiddles(Math.Cos);
    private static readonly double[] TwiddleSin = Twiddles(Math.Sin);

    /// <summary>The duration of <paramref name="frames"/> frames, as a time from the first frame's start.</summary>
    public static TimeSpan Time(int frames) => TimeSpan.FromSeconds((double)frames * Hop / SampleRate);

    /// <summary>The frame that starts nearest to <paramref name="sample"/>.</summary>
    public static int FrameAt(long sample) => (int)Math.Round((double)sample / Hop);

    /// <summary>Measures every whole frame of <paramref name="audio"/> (16 kHz mono in [-1, 1]).</summary>
    public static AcousticFrame[] Analyze(ReadOnlySpan<float> audio)
    {
        var frameCount = audio.Length < FrameLength ? 0 : 1 + ((audio.Length - FrameLength) / Hop);
        var frames = new AcousticFrame[frameCount];
        var energies = new double[FrameLength + 1];
        var correlations = new double[MaxLag + 1];
        var real = new double[HalfSize];
        var imaginary = new double[HalfSize];
        var bands = new double[Bands];
        var previousBands = new double[Bands];
        for (var f = 0; f < frameCount; f++)
        {
            var samples = audio.Slice(f * Hop, FrameLength);
            var voicing = Voicing(samples, energies, correlations, out var lag, out var pitchLag);
            BandSpectrum(samples, real, imaginary, bands);
            frames[f] = new AcousticFrame(
                10 * Math.Log10((energies[FrameLength] / FrameLength) + 1e-10),
                ZeroCrossingRate(samples),
                voicing,
                lag,
                pitchLag,
                f == 0 ? double.MaxValue : Flux(bands, previousBands));
            (bands, previousBands) = (previousBands, bands);
        }
        return frames;
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

    /// <summary>
    /// The normalised autocorrelation r(lag) = Σ x[i]·x[i+lag] / √(Σ x[i]² · Σ x[i+lag]²) over the pitch lags, its
    /// best value and lag, and the pitch period. Energies come from running sums, so each lag costs one vector dot.
    /// </summary>
    private static double Voicing(ReadOnlySpan<float> samples, double[] energies, double[] correlations, out int bestLag, out int pitchLag)
    {
        // energies[k] = Σ_{i<k} x[i]²
        energies[0] = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            energies[i + 1] = energies[i] + ((double)samples[i] * samples[i]);
        }
        bestLag = 0;
        pitchLag = 0;
        var total = energies[samples.Length];
        if (total < 1e-9)
        {
            return 0;
        }

        var best = 0.0;
        for (var lag = MinLag; lag <= MaxLag; lag++)
        {
            var length = samples.Length - lag;
            var sum = (double)TensorPrimitives.Dot(samples[..length], samples.Slice(lag, length));
            var head = energies[length];
            var tail = total - energies[lag];
            var r = sum / Math.Sqrt((head * tail) + 1e-12);
            correlations[lag] = r;
            if (r > best)
            {
                best = r;
                bestLag = lag;
            }
        }

        pitchLag = bestLag;
        for (var lag = MinLag + 1; lag < bestLag; lag++)
        {
            if (correlations[lag] >= OctavePeakShare * best && correlations[lag] >= correlations[lag - 1] && correlations[lag] >= correlations[lag + 1])
            {
                pitchLag = lag;
                break;
            }
        }
        return best;
    }

    /// <summary>The Hann-windowed frame's power in 16 bands of 0-4 kHz, in dB.</summary>
    private static void BandSpectrum(ReadOnlySpan<float> samples, double[] real, double[] imaginary, double[] bands)
    {
        // The frame zero-padded to FftSize, as z[n] = x[2n] + i·x[2n+1], in bit-reversed order.
        Array.Clear(real);
        Array.Clear(imaginary);
        for (var n = 0; n < samples.Length / 2; n++)
        {
            real[BitReversed[n]] = samples[2 * n] * Window[2 * n];
            imaginary[BitReversed[n]] = samples[(2 * n) + 1] * Window[(2 * n) + 1];
        }
        Fft(real, imaginary);
        // Pooled into bands: single bins of a noisy recording flicker even when the sound is steady.
        for (var band = 0; band < bands.Length; band++)
        {
            var power = 0.0;
            for (var k = 1 + (band * BinsPerBand); k <= (band + 1) * BinsPerBand; k++)
            {
                power += Power(real, imaginary, k);
            }
            bands[band] = 10 * Math.Log10((power / BinsPerBand) + 1e-10);
        }
    }

    /// <summary>
    /// |X[k]|² of the real frame from Z, the transform of its even/odd packing: X[k] = E[k] + e^(-2πik/N)·O[k] with
    /// E[k] = (Z[k] + conj Z[N/2-k]) / 2 and O[k] = (Z[k] - conj Z[N/2-k]) / 2i.
    /// </summary>
    private static double Power(double[] real, double[] imaginary, int k)
    {
        var mirror = (HalfSize - k) % HalfSize;
        var evenReal = (real[k] + real[mirror]) / 2;
        var evenImaginary = (imaginary[k] - imaginary[mirror]) / 2;
        var oddReal = (imaginary[k] + imaginary[mirror]) / 2;
        var oddImaginary = (real[mirror] - real[k]) / 2;
        var wr = TwiddleCos[k];
        var wi = TwiddleSin[k];
        var xReal = evenReal + (wr * oddReal) - (wi * oddImaginary);
        var xImaginary = evenImaginary + (wr * oddImaginary) + (wi * oddReal);
        return (xReal * xReal) + (xImaginary * xImaginary);
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

    /// <summary>In-place iterative radix-2 FFT of <see cref="HalfSize"/> points already placed in bit-reversed order.</summary>
    private static void Fft(double[] real, double[] imaginary)
    {
        for (var length = 2; length <= HalfSize; length <<= 1)
        {
            var half = length / 2;
            var stride = FftSize / length;
            for (var i = 0; i < HalfSize; i += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = TwiddleCos[k * stride];
                    var wi = TwiddleSin[k * stride];
                    var a = i + k;
                    var b = a + half;
                    var oddReal = (real[b] * wr) - (imaginary[b] * wi);
                    var oddImaginary = (real[b] * wi) + (imaginary[b] * wr);
                    real[b] = real[a] - oddReal;
                    imaginary[b] = imaginary[a] - oddImaginary;
                    real[a] += oddReal;
                    imaginary[a] += oddImaginary;
                }
            }
        }
    }

    private static float[] HannWindow()
    {
        var window = new float[FrameLength];
        for (var i = 0; i < FrameLength; i++)
        {
            window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (FrameLength - 1))));
        }
        return window;
    }

    private static int[] BitReversal()
    {
        var table = new int[HalfSize];
        for (var i = 0; i < HalfSize; i++)
        {
            var reversed = 0;
            for (var bit = 0; bit < HalfBits; bit++)
            {
                reversed |= ((i >> bit) & 1) << (HalfBits - 1 - bit);
            }
            table[i] = reversed;
        }
        return table;
    }

    private static double[] Twiddles(Func<double, double> part)
    {
        var table = new double[FftSize / 2];
        for (var k = 0; k < table.Length; k++)
        {
            table[k] = part(-2 * Math.PI * k / FftSize);
        }
        return table;
    }
}
