using NAudio.Dsp;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using Rehearse.Console.Cli;

namespace Rehearse.Console.Audio;

/// <summary>
/// Answer audio for an interview: 16 kHz mono signed 16-bit little-endian PCM, the format a Converse stream is
/// opened with. WAV files of other rates, widths and channel counts are converted on load, by NAudio: its WAV
/// reader, a channel mix averaging the channels, its WDL resampler interpolating linearly, and its 16-bit converter.
/// </summary>
public static class AnswerAudio
{
    /// <summary>The sample rate of answer audio.</summary>
    public const int SampleRate = 16000;

    /// <summary>Bytes in 100 ms of answer audio.</summary>
    public const int ChunkBytes = SampleRate / 10 * 2;

    /// <summary>Loads a WAV file as 16 kHz mono 16-bit PCM.</summary>
    /// <exception cref="CliException">The file cannot be read or is not a PCM/float WAV file.</exception>
    public static async Task<byte[]> LoadAsync(string path, CancellationToken cancellationToken)
    {
        await using var input = await AudioInput.OpenAsync(path, raw: null, cancellationToken);
        var bytes = await input.ReadAllAsync(cancellationToken);
        try
        {
            using var reader = new WaveFileReader(new MemoryStream(bytes));
            return Convert(reader.ToSampleProvider());
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw CliException.File(path, $"unsupported WAV file ({e.Message}); use 8-32 bit PCM or 32/64-bit float");
        }
    }

    private static byte[] Convert(ISampleProvider samples)
    {
        var channels = samples.WaveFormat.Channels;
        if (channels > 1)
        {
            var average = new float[channels, 1];
            for (var channel = 0; channel < channels; channel++)
            {
                average[channel, 0] = 1f / channels;
            }
            samples = new ChannelMixerSampleProvider(samples, average);
        }
        if (samples.WaveFormat.SampleRate != SampleRate)
        {
            samples = new LinearResampler(samples, SampleRate);
        }
        var pcm = new SampleToWaveProvider16(samples);
        using var output = new MemoryStream();
        var buffer = new byte[ChunkBytes];
        int read;
        while ((read = pcm.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }

    /// <summary>
    /// NAudio's WDL resampler driven as its <see cref="WdlResamplingSampleProvider"/> drives it, but without the
    /// 4th-order low-pass that provider puts in front of the interpolation: linear interpolation alone, as this
    /// client converted answers before. On the shared recordings (bench/run audio, "NAudio linear") the filter was
    /// no better: a point worse at 8 kHz, 1.2 better at 44.1 kHz, within 0.6 elsewhere.
    /// </summary>
    private sealed class LinearResampler : ISampleProvider
    {
        private readonly ISampleProvider _source;
        private readonly WdlResampler _resampler = new();

        public LinearResampler(ISampleProvider source, int sampleRate)
        {
            _source = source;
            WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, source.WaveFormat.Channels);
            _resampler.SetMode(interp: true, filtercnt: 0, sinc: false);
            _resampler.SetFeedMode(false);
            _resampler.SetRates(source.WaveFormat.SampleRate, sampleRate);
        }

        public WaveFormat WaveFormat { get; }

        public int Read(Span<float> buffer)
        {
            var channels = WaveFormat.Channels;
            var frames = buffer.Length / channels;
            var wanted = _resampler.ResamplePrepare(frames, channels, out Span<float> input);
            var available = _source.Read(input[..(wanted * channels)]) / channels;
            return _resampler.ResampleOut(buffer, available, frames, channels) * channels;
        }
    }
}
