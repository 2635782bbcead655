using System.Collections.Concurrent;
using System.Numerics;

namespace Rehearse.Speech.Audio;

/// <summary>
/// The polyphase coefficient table of a rational resampler from rate M·g to L·g (L/M reduced): row p holds the
/// Kaiser-windowed sinc for an output instant p/L of an input period after an input sample. When L is too large
/// for one row per phase, the table holds <see cref="InterpolatedPhases"/>+1 rows at fixed fractions and the
/// resampler interpolates linearly between neighbouring rows. Tables are immutable and shared by all
/// resamplers of the same (ratio, quality).
/// </summary>
internal sealed class ResamplerFilterBank
{
    /// <summary>Above this many phases a table would be too large; interpolate between fixed phases instead.</summary>
    public const int MaxExactPhases = 1024;

    /// <summary>Rows of an interpolated table (plus one for the fraction 1). Linear interpolation error is below -95 dB.</summary>
    public const int InterpolatedPhases = 256;

    private const int CacheLimit = 64;
    private static readonly ConcurrentDictionary<(int L, int M, ResamplerQuality Quality), ResamplerFilterBank> Cache = new();

    private readonly float[] _coefficients;

    private ResamplerFilterBank(int upFactor, int downFactor, ResamplerQuality quality)
    {
        UpFactor = upFactor;
        DownFactor = downFactor;
        (double passband, double stopband, double attenuationDb) = quality switch
        {
            ResamplerQuality.Fast => (0.70, 0.95, 60.0),
            ResamplerQuality.High => (0.86, 0.96, 100.0),
            _ => (0.80, 0.92, 80.0),
        };

        // Frequencies in cycles per input sample; the lower Nyquist frequency is 0.5·min(1, L/M).
        double nyquist = 0.5 * Math.Min(1.0, (double)upFactor / downFactor);
        double cutoff = nyquist * (passband + stopband) / 2;
        double transition = nyquist * (stopband - passband);

        // Kaiser's estimates of the window shape and the filter length for the attenuation and transition width;
        // they fall up to about 1 dB short, so the design aims 3 dB beyond the promised attenuation.
        double designDb = attenuationDb + 3;
        double beta = 0.1102 * (designDb - 8.7);
        double halfWidth = (designDb - 8) / (2.285 * 2 * Math.PI * transition) / 2;

        // An output at input position n0 + f (0 <= f <= 1) uses inputs n0 - Before .. n0 + After. Rows are padded
        // at the front to a multiple of 16 floats so the dot product runs on whole SIMD vectors.
        After = (int)Math.Ceiling(halfWidth);
        RowLength = (2 * After + 15) / 16 * 16;
        Before = RowLength - After - 1;

        IsInterpolated = upFactor > MaxExactPhases;
        RowCount = IsInterpolated ? InterpolatedPhases + 1 : upFactor;
        double rowStep = IsInterpolated ? 1.0 / InterpolatedPhases : 1.0 / upFactor;

        _coefficients = new float[RowCount * RowLength];
        var row = new double[RowLength];
        double besselOfBeta = BesselI0(beta);
        for (int r = 0; r < RowCount; r++)
        {
            double fraction = r * rowStep;
            double sum = 0;
            for (int j = 0; j < RowLength; j++)
            {
                // Distance in input samples from input n0 - Before + j to the output instant n0 + fraction.
                double distance = fraction + Before - j;
                double x = distance / halfWidth;
                double tap = 0;
                if (Math.Abs(x) < 1)
                {
                    double window = BesselI0(beta * Math.Sqrt(1 - (x * x))) / besselOfBeta;
                    tap = 2 * cutoff * Sinc(2 * cutoff * distance) * window;
                }

                row[j] = tap;
                sum += tap;
            }

            // Unit gain at DC for every phase, so the phases do not modulate the level.
            for (int j = 0; j < RowLength; j++)
            {
                _coefficients[(r * RowLength) + j] = (float)(row[j] / sum);
            }
        }
    }

    /// <summary>L: the output rate divided by gcd(input, output).</summary>
    public int UpFactor { get; }

    /// <summary>M: the input rate divided by gcd(input, output).</summary>
    public int DownFactor { get; }

    /// <summary>Input samples after the output instant that each output needs: the streaming latency.</summary>
    public int After { get; }

    /// <summary>Input samples before the output instant covered by each row (including zero padding).</summary>
    public int Before { get; }

    /// <summary>Coefficients per row, a multiple of 16.</summary>
    public int RowLength { get; }

    /// <summary>Rows in the table.</summary>
    public int RowCount { get; }

    /// <summary>True when rows are at fixed fractions and the resampler interpolates between them.</summary>
    public bool IsInterpolated { get; }

    /// <summary>The table for a reduced ratio, built once and shared (up to a bound, so odd rates cannot grow memory without limit).</summary>
    public static ResamplerFilterBank For(int upFactor, int downFactor, ResamplerQuality quality)
    {
        var key = (upFactor, downFactor, quality);
        if (Cache.TryGetValue(key, out var bank))
        {
            return bank;
        }

        bank = new ResamplerFilterBank(upFactor, downFactor, quality);
        return Cache.Count < CacheLimit ? Cache.GetOrAdd(key, bank) : bank;
    }

    /// <summary>The coefficients of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => _coefficients.AsSpan(row * RowLength, RowLength);

    /// <summary>The dot product of two spans whose length is a multiple of 16, in a fixed order (so results do not depend on how a stream was chunked).</summary>
    public static float Dot(ReadOnlySpan<float> samples, ReadOnlySpan<float> coefficients)
    {
        var x = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(samples);
        var h = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(coefficients);
        // Four independent accumulators keep the multiply-add units busy.
        Vector<float> sum0 = Vector<float>.Zero, sum1 = Vector<float>.Zero, sum2 = Vector<float>.Zero, sum3 = Vector<float>.Zero;
        int i = 0;
        for (; i + 3 < x.Length; i += 4)
        {
            sum0 += x[i] * h[i];
            sum1 += x[i + 1] * h[i + 1];
            sum2 += x[i + 2] * h[i + 2];
            sum3 += x[i + 3] * h[i + 3];
        }

        for (; i < x.Length; i++)
        {
            sum0 += x[i] * h[i];
        }

        return Vector.Sum((sum0 + sum1) + (sum2 + sum3));
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>The modified Bessel function of the first kind, order zero (power series).</summary>
    private static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        double quarterSquare = x * x / 4;
        for (int k = 1; term > sum * 1e-17; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
        }

        return sum;
    }
}
