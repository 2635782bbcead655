using NAudio.Dsp;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace Rehearse.Speech.RecognitionBenchmarks;

/// <summary>
/// The NAudio side of the audio benchmark: WAV decoding with <see cref="WaveFileReader"/> and resampling with the
/// WDL resampler, as NAudio.Core offers them, to 16 kHz mono for the recognizer.
/// </summary>
internal static class NAudioPath
{
    /// <summary>Decodes a WAV file to mono samples at its own rate (stereo down-mixed by <c>ToMono</c>).</summary>
    public static (float[] Samples, int SampleRate) Decode(byte[] wav)
    {
        using var reader = new WaveFileReader(new MemoryStream(wav));
        var samples = reader.ToSampleProvider();
        if (samples.WaveFormat.Channels == 2)
        {
            samples = samples.ToMono();
        }
        return (ReadAll(samples), samples.WaveFormat.SampleRate);
    }

    /// <summary>Decodes and resamples a whole WAV file to 16 kHz mono with <see cref="WdlResamplingSampleProvider"/>.</summary>
    public static float[] DecodeTo16k(byte[] wav)
    {
        using var reader = new WaveFileReader(new MemoryStream(wav));
        var samples = reader.ToSampleProvider();
        if (samples.WaveFormat.Channels == 2)
        {
            samples = samples.ToMono();
        }
        if (samples.WaveFormat.SampleRate != StreamingRun.SampleRate)
        {
            samples = new WdlResamplingSampleProvider(samples, StreamingRun.SampleRate);
        }
        return ReadAll(samples);
    }

    /// <summary>Decodes a whole WAV file and resamples it to 16 kHz by linear interpolation alone (the console client's conversion).</summary>
    public static float[] DecodeTo16kLinear(byte[] wav)
    {
        var (samples, rate) = Decode(wav);
        var resampler = new WdlStreamingResampler(rate, StreamingRun.SampleRate, filtered: false);
        var output = new List<float>(samples.Length);
        resampler.Process(samples, output);
        resampler.Flush(output);
        return [.. output];
    }

    /// <summary>Resamples a whole signal with <see cref="WdlResamplingSampleProvider"/> (output-driven, as NAudio wires it).</summary>
    public static float[] Resample(float[] input, int inputRate, int outputRate) =>
        ReadAll(new WdlResamplingSampleProvider(new ArraySampleProvider(input, inputRate), outputRate));

    private static float[] ReadAll(ISampleProvider provider)
    {
        var output = new List<float>();
        // A whole number of frames per read: WaveFileReader refuses partial frames.
        var buffer = new float[provider.WaveFormat.Channels * 8192];
        int read;
        while ((read = provider.Read(buffer)) > 0)
        {
            output.AddRange(buffer.AsSpan(0, read));
        }
        return [.. output];
    }
}

/// <summary>
/// NAudio's <see cref="WdlResampler"/> fed chunk by chunk as audio arrives (input-driven mode). Filtered: the
/// settings of <see cref="WdlResamplingSampleProvider"/>, linear interpolation behind two biquad low-pass sections;
/// unfiltered: linear interpolation alone, as the console client converts answer files.
/// </summary>
internal sealed class WdlStreamingResampler
{
    private readonly WdlResampler _resampler = new();
    private readonly int _inputRate;
    private readonly int _outputRate;
    private float[] _output = [];

    public WdlStreamingResampler(int inputRate, int outputRate, bool filtered = true)
    {
        _inputRate = inputRate;
        _outputRate = outputRate;
        _resampler.SetMode(interp: true, filtercnt: filtered ? 2 : 0, sinc: false);
        _resampler.SetFilterParms();
        _resampler.SetFeedMode(true);
        _resampler.SetRates(inputRate, outputRate);
    }

    /// <summary>Consumes <paramref name="input"/> and appends the outputs it completes.</summary>
    public void Process(ReadOnlySpan<float> input, List<float> output)
    {
        if (_inputRate == _outputRate)
        {
            output.AddRange(input);
            return;
        }
        var wanted = _resampler.ResamplePrepare(input.Length, 1, out Span<float> inputBuffer);
        input[..wanted].CopyTo(inputBuffer);
        Drain(wanted, output);
    }

    /// <summary>Ends the stream: an input shorter than requested makes the WDL resampler pad with silence and emit its tail.</summary>
    public void Flush(List<float> output)
    {
        if (_inputRate != _outputRate)
        {
            _resampler.ResamplePrepare(64, 1, out _);
            Drain(0, output);
        }
    }

    private void Drain(int inputCount, List<float> output)
    {
        var capacity = (int)((long)Math.Max(inputCount, 64) * _outputRate / _inputRate) + 64;
        if (_output.Length < capacity)
        {
            _output = new float[capacity];
        }
        var produced = _resampler.ResampleOut(_output, inputCount, _output.Length, 1);
        output.AddRange(_output.AsSpan(0, produced));
    }
}

/// <summary>A float array as an NAudio mono sample provider.</summary>
internal sealed class ArraySampleProvider(float[] samples, int sampleRate) : ISampleProvider
{
    private int _position;

    public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, 1);

    public int Read(Span<float> buffer)
    {
        var count = Math.Min(buffer.Length, samples.Length - _position);
        samples.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
