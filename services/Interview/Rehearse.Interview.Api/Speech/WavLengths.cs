using System.Buffers.Binary;

namespace Rehearse.Interview.Api.Speech;

/// <summary>
/// The Speech service streams WAV with its lengths unknown (0xFFFFFFFF, "until the end"), since it writes the
/// header before the audio exists. A whole file handed to a browser should say its lengths, so once every chunk
/// has arrived they are filled in; the samples are not touched.
/// </summary>
internal static class WavLengths
{
    /// <summary>The same file with its RIFF and 'data' lengths set; bytes that are not a RIFF/WAVE file are returned as they are.</summary>
    public static byte[] Complete(byte[] wav)
    {
        if (wav.Length < 12 || !wav.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !wav.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            return wav;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), (uint)(wav.Length - 8));
        var offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(offset + 4));
            if (wav.AsSpan(offset, 4).SequenceEqual("data"u8))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(offset + 4), (uint)(wav.Length - offset - 8));
                break;
            }
            offset += 8 + (int)Math.Min(size + (size & 1), int.MaxValue - offset);
        }
        return wav;
    }
}
