using System.Buffers.Binary;
using System.Text;

namespace Rehearse.Testing;

/// <summary>Builds WAV files byte by byte, including the odd ones real writers produce.</summary>
public static class WavBytes
{
    /// <summary>A RIFF WAVE file made of <paramref name="chunks"/>.</summary>
    public static byte[] Riff(params byte[][] chunks) => Riff("WAVE", chunks);

    /// <summary>A RIFF file of form type <paramref name="formType"/> made of <paramref name="chunks"/>.</summary>
    public static byte[] Riff(string formType, params byte[][] chunks)
    {
        var body = chunks.SelectMany(chunk => chunk).ToArray();
        return [.. "RIFF"u8, .. UInt32(4 + (uint)body.Length), .. Encoding.ASCII.GetBytes(formType), .. body];
    }

    /// <summary>A chunk with its pad byte when the body is odd; <paramref name="declaredSize"/> overrides the size field.</summary>
    public static byte[] Chunk(string id, byte[] body, uint? declaredSize = null)
    {
        byte[] pad = body.Length % 2 == 1 && declaredSize is null ? [0] : [];
        return [.. Encoding.ASCII.GetBytes(id), .. UInt32(declaredSize ?? (uint)body.Length), .. body, .. pad];
    }

    /// <summary>A 16-byte 'fmt ' body; <paramref name="blockAlign"/> overrides the computed one.</summary>
    public static byte[] Fmt(int formatTag, int channels, int sampleRate, int bitsPerSample, int? blockAlign = null)
    {
        int align = blockAlign ?? (channels * ((bitsPerSample + 7) / 8));
        return
        [
            .. UInt16(formatTag), .. UInt16(channels), .. UInt32((uint)sampleRate), .. UInt32((uint)(sampleRate * align)),
            .. UInt16(align), .. UInt16(bitsPerSample),
        ];
    }

    /// <summary>A 40-byte WAVE_FORMAT_EXTENSIBLE fmt body whose sub-format is the KSDATAFORMAT GUID for <paramref name="subFormatTag"/>.</summary>
    public static byte[] ExtensibleFmt(int subFormatTag, int channels, int sampleRate, int bitsPerSample, Guid? subFormat = null)
    {
        var guid = subFormat ?? new Guid($"{subFormatTag:x8}-0000-0010-8000-00aa00389b71");
        return
        [
            .. Fmt(0xFFFE, channels, sampleRate, bitsPerSample), .. UInt16(22), .. UInt16(bitsPerSample),
            .. UInt32(channels == 2 ? 3u : 4u), .. guid.ToByteArray(),
        ];
    }

    /// <summary>Signed 16-bit little-endian samples.</summary>
    public static byte[] Pcm16(params short[] samples) => samples.SelectMany(sample => UInt16((ushort)sample)).ToArray();

    /// <summary>A little-endian 16-bit value.</summary>
    public static byte[] UInt16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        return bytes;
    }

    /// <summary>A little-endian 32-bit value.</summary>
    public static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
