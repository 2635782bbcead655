using System.Buffers.Binary;
using Rehearse.Console.Cli;

namespace Rehearse.Console.Audio;

/// <summary>
/// Answer audio for an interview: 16 kHz mono signed 16-bit little-endian PCM, the format a Converse stream is
/// opened with. WAV files of other rates, widths and channel counts are converted on load.
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
        // OpenAsync has checked the header; read it again from the bytes for the sample format.
        var (info, _) = await WavHeader.ReadAsync(bytes[..12], new MemoryStream(bytes, 12, bytes.Length - 12), cancellationToken);
        var data = bytes.AsSpan(info.HeaderLength, (int)Math.Min(info.DataLength ?? long.MaxValue, bytes.Length - info.HeaderLength));
        var mono = Decode(path, info, data);
        return Encode(Resample(mono, info.SampleRate, SampleRate));
    }

    private static float[] Decode(string path, WavInfo info, ReadOnlySpan<byte> data)
    {
        var width = info.BitsPerSample / 8;
        var supported = (info.FormatTag == WavInfo.Pcm && width is 1 or 2 or 3 or 4) || (info.FormatTag == WavInfo.IeeeFloat && width == 4);
        if (!supported || info.BlockAlign != width * info.Channels)
        {
            throw CliException.File(path, $"unsupported WAV sample format (format {info.FormatTag}, {info.BitsPerSample} bits); use 8-32 bit PCM or 32-bit float");
        }
        var frames = data.Length / info.BlockAlign;
        var mono = new float[frames];
        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0f;
            for (var channel = 0; channel < info.Channels; channel++)
            {
                var sample = data.Slice(frame * info.BlockAlign + channel * width, width);
                sum += (info.FormatTag, width) switch
                {
                    (WavInfo.IeeeFloat, _) => BinaryPrimitives.ReadSingleLittleEndian(sample),
                    (_, 1) => (sample[0] - 128) / 128f,
                    (_, 2) => BinaryPrimitives.ReadInt16LittleEndian(sample) / 32768f,
                    (_, 3) => ((sample[2] << 24) | (sample[1] << 16) | (sample[0] << 8)) / 2147483648f,
                    _ => BinaryPrimitives.ReadInt32LittleEndian(sample) / 2147483648f,
                };
            }
            mono[frame] = sum / info.Channels;
        }
        return mono;
    }

    // Linear interpolation: adequate for speech sent to a recognizer that band-limits its own input.
    private static float[] Resample(float[] samples, int from, int to)
    {
        if (from == to || samples.Length == 0)
        {
            return samples;
        }
        var length = (int)((long)samples.Length * to / from);
        var output = new float[length];
        var step = (double)from / to;
        for (var i = 0; i < length; i++)
        {
            var position = i * step;
            var index = (int)position;
            var next = Math.Min(index + 1, samples.Length - 1);
            var fraction = (float)(position - index);
            output[i] = samples[index] + (samples[next] - samples[index]) * fraction;
        }
        return output;
    }

    private static byte[] Encode(float[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var value = (short)Math.Clamp(MathF.Round(samples[i] * 32767f), short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), value);
        }
        return bytes;
    }
}
