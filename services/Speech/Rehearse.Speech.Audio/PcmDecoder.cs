using System.Runtime.InteropServices;

namespace Rehearse.Speech.Audio;

/// <summary>
/// Decodes a PCM stream that arrives in chunks of any length to mono float samples. A frame split across two
/// chunks is held back until it is complete, so the output is the same however the stream is cut.
/// Not thread-safe: use one decoder per stream.
/// </summary>
public sealed class PcmDecoder
{
    private readonly PcmFormat _format;
    private readonly byte[] _partialFrame;

    /// <summary>Creates a decoder for <paramref name="format"/>.</summary>
    /// <exception cref="AudioFormatException">The format is invalid (see <see cref="PcmFormat.Validate"/>).</exception>
    public PcmDecoder(PcmFormat format)
    {
        format.Validate();
        _format = format;
        _partialFrame = new byte[format.BlockAlign];
    }

    /// <summary>The format being decoded.</summary>
    public PcmFormat Format => _format;

    /// <summary>Bytes of an incomplete frame held back for the next chunk.</summary>
    public int PendingBytes { get; private set; }

    /// <summary>Decodes the whole frames now available and appends them to <paramref name="monoOutput"/>.</summary>
    /// <returns>The number of samples appended.</returns>
    public int Decode(ReadOnlySpan<byte> chunk, List<float> monoOutput)
    {
        ArgumentNullException.ThrowIfNull(monoOutput);
        int blockAlign = _partialFrame.Length;
        int start = monoOutput.Count;

        if (PendingBytes > 0)
        {
            int needed = Math.Min(blockAlign - PendingBytes, chunk.Length);
            chunk[..needed].CopyTo(_partialFrame.AsSpan(PendingBytes));
            PendingBytes += needed;
            chunk = chunk[needed..];
            if (PendingBytes < blockAlign)
            {
                return 0;
            }

            DecodeFrames(_partialFrame, 1, monoOutput);
            PendingBytes = 0;
        }

        int frames = chunk.Length / blockAlign;
        DecodeFrames(chunk, frames, monoOutput);

        var rest = chunk[(frames * blockAlign)..];
        rest.CopyTo(_partialFrame);
        PendingBytes = rest.Length;
        return monoOutput.Count - start;
    }

    private void DecodeFrames(ReadOnlySpan<byte> bytes, int frames, List<float> output)
    {
        int count = output.Count;
        CollectionsMarshal.SetCount(output, count + frames);
        SampleCodecs.DecodeFrames(bytes, _format.Encoding, _format.Channels, CollectionsMarshal.AsSpan(output).Slice(count, frames));
    }
}
