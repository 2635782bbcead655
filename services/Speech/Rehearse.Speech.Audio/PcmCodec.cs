namespace Rehearse.Speech.Audio;

/// <summary>
/// Whole-buffer conversions between raw PCM bytes and float samples. Streams whose chunks may end mid-frame
/// use <see cref="PcmDecoder"/> instead.
/// </summary>
public static class PcmCodec
{
    /// <summary>
    /// Decodes interleaved PCM to mono samples in [-1, 1], averaging the channels.
    /// </summary>
    /// <exception cref="AudioFormatException">
    /// The format is invalid, or <paramref name="bytes"/> does not hold a whole number of frames (field "audio").
    /// </exception>
    public static float[] DecodeToMono(ReadOnlySpan<byte> bytes, PcmFormat format)
    {
        format.Validate();
        int blockAlign = format.BlockAlign;
        if (bytes.Length % blockAlign != 0)
        {
            throw new AudioFormatException(
                "audio",
                $"the audio is {bytes.Length} bytes, not a whole number of {blockAlign}-byte frames " +
                $"({format.Channels} channel(s) of {format.Encoding})");
        }

        var samples = new float[bytes.Length / blockAlign];
        SampleCodecs.DecodeFrames(bytes, format.Encoding, format.Channels, samples);
        return samples;
    }

    /// <summary>
    /// Encodes mono samples. Integer and mu-law encodings clip to [-1, 1] and round to the nearest step
    /// (full scale is 2^(bits-1), so decoding and re-encoding is lossless); float encodings store the values as they are.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<float> samples, SampleEncoding encoding)
    {
        var bytes = new byte[samples.Length * PcmFormat.BytesPer(encoding)];
        SampleCodecs.Encode(samples, encoding, bytes);
        return bytes;
    }
}
