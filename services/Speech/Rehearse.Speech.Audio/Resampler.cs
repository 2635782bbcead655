namespace Rehearse.Speech.Audio;

/// <summary>
/// Band-limited sample-rate conversion between any two integer rates, one stream at a time.
/// </summary>
/// <remarks>
/// <para>
/// A rational polyphase resampler: with L/M the output/input rate ratio in lowest terms, output k is the
/// input evaluated at instant k·M/L (in input samples) through a Kaiser-windowed sinc low-pass whose cutoff
/// lies between the passband and stopband edges of <see cref="ResamplerQuality"/>, relative to the lower of
/// the two Nyquist frequencies. Each of the L phases has its own row of coefficients, computed once per
/// (ratio, quality) and shared by every resampler; for ratios with more than 1024 phases (e.g. 44100 to
/// 44101 Hz) the filter is tabulated at 256 fixed phases and interpolated linearly.
/// </para>
/// <para>
/// Delay: the output is time-aligned with the input (output k corresponds to input time k/outputRate, with
/// no group delay), and the first output is input instant 0. To achieve this while streaming, each output waits
/// for <see cref="LatencyInputSamples"/> later input samples (for 48 kHz to 16 kHz at Default quality:
/// 131 samples, 2.7 ms); <see cref="Flush"/> supplies them as silence at the end.
/// Processing a signal in chunks of any size gives bit-for-bit the samples of one call on the whole signal,
/// and after <see cref="Flush"/> there are round(N·outputRate/inputRate) outputs for N inputs in all.
/// </para>
/// <para>Not thread-safe: use one instance per stream.</para>
/// <para>
/// Not NAudio's WDL resampler (<c>WdlResamplingSampleProvider</c>), measured beside this one by bench/run audio:
/// it interpolates linearly behind a 4th-order IIR low-pass, so a tone at 3/4 of the lower Nyquist frequency
/// loses 8 to 12 dB, a 9 kHz tone going from 48 to 16 kHz aliases at -20 dB (here below -96 dB), and the output
/// lags by one to three samples. The shared recordings converted to 8 kHz were recognized 2.3 points worse
/// through it (moonshine-tiny), and streamed in 100 ms chunks worse at every rate, where it also ran 1.4 to 2.5
/// times slower than this one. Fed from a buffer as a stream would feed it, its provider pads the chunk
/// boundaries with silence (from 8 and 22.05 kHz). Its advantage, output after 1 or 2 input samples rather than
/// after <see cref="LatencyInputSamples"/> (under 3 ms), is far below the 32 ms frames of voice detection.
/// </para>
/// </remarks>
public sealed class Resampler
{
    /// <summary>The largest supported ratio of input rate to output rate (the filter grows with it).</summary>
    public const int MaxDownsamplingRatio = 128;

    private readonly ResamplerFilterBank? _bank;

    // Input samples kept for the filter; _buffer[0] is input index _bufferStart (negative indices are the
    // silence before the stream).
    private float[] _buffer = [];
    private int _buffered;
    private long _bufferStart;

    private long _inputCount;
    private long _outputCount;

    // The next output's instant: input index _position plus _phase/L of an input period.
    private long _position;
    private int _phase;

    /// <summary>Creates a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/> Hz.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A rate is outside 1..<see cref="PcmFormat.MaxSampleRate"/>, or the input rate is more than
    /// <see cref="MaxDownsamplingRatio"/> times the output rate.
    /// </exception>
    public Resampler(int inputRate, int outputRate, ResamplerQuality quality = ResamplerQuality.Default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputRate, PcmFormat.MaxSampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputRate, PcmFormat.MaxSampleRate);
        if (inputRate > (long)outputRate * MaxDownsamplingRatio)
        {
            throw new ArgumentOutOfRangeException(
                nameof(outputRate), outputRate, $"resampling by more than {MaxDownsamplingRatio}:1 is not supported");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        Quality = quality;
        if (inputRate != outputRate)
        {
            int divisor = GreatestCommonDivisor(inputRate, outputRate);
            _bank = ResamplerFilterBank.For(outputRate / divisor, inputRate / divisor, quality);
        }

        Reset();
    }

    /// <summary>The input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>The output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>The filter quality.</summary>
    public ResamplerQuality Quality { get; }

    /// <summary>How many input samples beyond an output's instant are needed before that output is produced (0 when the rates are equal).</summary>
    public int LatencyInputSamples => _bank?.After ?? 0;

    /// <summary><see cref="LatencyInputSamples"/> as time.</summary>
    public TimeSpan Latency => PcmFormat.DurationOfFrames(LatencyInputSamples, InputRate);

    /// <summary>Resamples a whole signal: round(N·outputRate/inputRate) samples, time-aligned with the input.</summary>
    public static float[] Resample(
        ReadOnlySpan<float> input, int inputRate, int outputRate, ResamplerQuality quality = ResamplerQuality.Default)
    {
        var resampler = new Resampler(inputRate, outputRate, quality);
        var output = new List<float>((int)((long)input.Length * outputRate / inputRate) + 1);
        resampler.Process(input, output);
        resampler.Flush(output);
        return [.. output];
    }

    /// <summary>Consumes <paramref name="input"/> and appends every output sample that can now be computed.</summary>
    public void Process(ReadOnlySpan<float> input, List<float> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_bank is null)
        {
            output.AddRange(input);
            return;
        }

        Append(input);
        _inputCount += input.Length;
        Produce(output, long.MaxValue);
    }

    /// <summary>
    /// Ends the stream: appends the remaining outputs (treating the input as silent after its end) and resets
    /// the resampler, so it can start a new stream.
    /// </summary>
    public void Flush(List<float> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_bank is null)
        {
            return;
        }

        long up = _bank.UpFactor;
        long down = _bank.DownFactor;
        long total = ((2 * _inputCount * up) + down) / (2 * down);
        if (total > _outputCount)
        {
            long lastPosition = (total - 1) * down / up;
            long silence = lastPosition + _bank.After + 1 - (_bufferStart + _buffered);
            if (silence > 0)
            {
                EnsureCapacity(_buffered + (int)silence);
                _buffer.AsSpan(_buffered, (int)silence).Clear();
                _buffered += (int)silence;
            }

            Produce(output, total);
        }

        Reset();
    }

    private void Reset()
    {
        _inputCount = 0;
        _outputCount = 0;
        _position = 0;
        _phase = 0;
        if (_bank is null)
        {
            return;
        }

        // The filter reaches Before samples back from the first output: silence before the stream.
        EnsureCapacity(_bank.Before);
        _buffer.AsSpan(0, _bank.Before).Clear();
        _buffered = _bank.Before;
        _bufferStart = -_bank.Before;
    }

    private void Append(ReadOnlySpan<float> input)
    {
        // Drop the samples no future output needs, then add the new ones.
        int discard = (int)(_position - _bank!.Before - _bufferStart);
        if (discard > 0)
        {
            _buffer.AsSpan(discard, _buffered - discard).CopyTo(_buffer);
            _buffered -= discard;
            _bufferStart += discard;
        }

        EnsureCapacity(_buffered + input.Length);
        input.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += input.Length;
    }

    private void Produce(List<float> output, long outputLimit)
    {
        var bank = _bank!;
        int up = bank.UpFactor;
        int down = bank.DownFactor;
        long available = _bufferStart + _buffered;
        while (_outputCount < outputLimit && _position + bank.After < available)
        {
            var window = _buffer.AsSpan((int)(_position - bank.Before - _bufferStart), bank.RowLength);
            float sample;
            if (bank.IsInterpolated)
            {
                // Between the two tabulated fractions around phase/L; exact integer arithmetic keeps it deterministic.
                long scaled = (long)_phase * ResamplerFilterBank.InterpolatedPhases;
                int row = (int)(scaled / up);
                float weight = (float)(scaled % up) / up;
                float low = ResamplerFilterBank.Dot(window, bank.Row(row));
                float high = ResamplerFilterBank.Dot(window, bank.Row(row + 1));
                sample = low + (weight * (high - low));
            }
            else
            {
                sample = ResamplerFilterBank.Dot(window, bank.Row(_phase));
            }

            output.Add(sample);
            _outputCount++;
            _phase += down;
            _position += _phase / up;
            _phase %= up;
        }
    }

    private void EnsureCapacity(int length)
    {
        if (_buffer.Length < length)
        {
            Array.Resize(ref _buffer, Math.Max(length, _buffer.Length * 2));
        }
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
