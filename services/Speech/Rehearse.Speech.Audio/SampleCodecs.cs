using System.Buffers.Binary;

namespace Rehearse.Speech.Audio;

/// <summary>
/// Reads and writes one sample of one encoding. The codecs are structs used as generic arguments so that the
/// per-sample calls in <see cref="SampleCodecs"/> are specialised and inlined by the JIT.
/// </summary>
internal interface ISampleCodec
{
    static abstract int Size { get; }

    static abstract float Read(ReadOnlySpan<byte> source);

    static abstract void Write(float sample, Span<byte> destination);
}

/// <summary>Whole-buffer decoding (with down-mix) and encoding for every <see cref="SampleEncoding"/>.</summary>
/// <remarks>
/// Not NAudio's converters: they decode only through its stream and provider wrappers (no span-to-span call for
/// a chunk that has just arrived), down-mix only stereo, and encode by scaling with 32767 and truncating, so a
/// decoded sample does not encode back to itself (1234/32768 comes back as 1233; half a step as 0). Its G.711
/// tables are not G.711 at two points: 0x7F (negative zero) decodes to -1 instead of 0, and -32768 encodes to
/// 0x7F (silence) instead of 0x00, because the encoder negates the sample before clipping it.
/// </remarks>
internal static class SampleCodecs
{
    /// <summary>Decodes <c>mono.Length</c> whole frames of <paramref name="channels"/> interleaved samples, averaging the channels.</summary>
    public static void DecodeFrames(ReadOnlySpan<byte> source, SampleEncoding encoding, int channels, Span<float> mono)
    {
        switch (encoding)
        {
            case SampleEncoding.Linear8: Decode<Linear8Codec>(source, channels, mono); break;
            case SampleEncoding.Linear16: Decode<Linear16Codec>(source, channels, mono); break;
            case SampleEncoding.Linear24: Decode<Linear24Codec>(source, channels, mono); break;
            case SampleEncoding.Linear32: Decode<Linear32Codec>(source, channels, mono); break;
            case SampleEncoding.Float32: Decode<Float32Codec>(source, channels, mono); break;
            case SampleEncoding.Float64: Decode<Float64Codec>(source, channels, mono); break;
            case SampleEncoding.MuLaw: Decode<MuLawCodec>(source, channels, mono); break;
            default: throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown sample encoding");
        }
    }

    /// <summary>Encodes mono samples, clipping to [-1, 1] and rounding to the nearest step for integer encodings.</summary>
    public static void Encode(ReadOnlySpan<float> samples, SampleEncoding encoding, Span<byte> destination)
    {
        switch (encoding)
        {
            case SampleEncoding.Linear8: Encode<Linear8Codec>(samples, destination); break;
            case SampleEncoding.Linear16: Encode<Linear16Codec>(samples, destination); break;
            case SampleEncoding.Linear24: Encode<Linear24Codec>(samples, destination); break;
            case SampleEncoding.Linear32: Encode<Linear32Codec>(samples, destination); break;
            case SampleEncoding.Float32: Encode<Float32Codec>(samples, destination); break;
            case SampleEncoding.Float64: Encode<Float64Codec>(samples, destination); break;
            case SampleEncoding.MuLaw: Encode<MuLawCodec>(samples, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown sample encoding");
        }
    }

    private static void Decode<TCodec>(ReadOnlySpan<byte> source, int channels, Span<float> mono)
        where TCodec : ISampleCodec
    {
        int size = TCodec.Size;
        if (channels == 1)
        {
            for (int i = 0; i < mono.Length; i++)
            {
                mono[i] = TCodec.Read(source.Slice(i * size, size));
            }

            return;
        }

        float scale = 1f / channels;
        int offset = 0;
        for (int i = 0; i < mono.Length; i++)
        {
            float sum = 0;
            for (int c = 0; c < channels; c++, offset += size)
            {
                sum += TCodec.Read(source.Slice(offset, size));
            }

            mono[i] = sum * scale;
        }
    }

    private static void Encode<TCodec>(ReadOnlySpan<float> samples, Span<byte> destination)
        where TCodec : ISampleCodec
    {
        int size = TCodec.Size;
        for (int i = 0; i < samples.Length; i++)
        {
            TCodec.Write(samples[i], destination.Slice(i * size, size));
        }
    }

    /// <summary>Scales a sample to a signed integer of full scale <paramref name="fullScale"/>, clipping and rounding (NaN becomes 0).</summary>
    internal static long Quantize(float sample, double fullScale) =>
        float.IsNaN(sample) ? 0 : (long)Math.Clamp(Math.Round(sample * fullScale, MidpointRounding.AwayFromZero), -fullScale, fullScale - 1);
}

internal readonly struct Linear8Codec : ISampleCodec
{
    public static int Size => 1;

    public static float Read(ReadOnlySpan<byte> source) => (source[0] - 128) / 128f;

    public static void Write(float sample, Span<byte> destination) =>
        destination[0] = (byte)(SampleCodecs.Quantize(sample, 128) + 128);
}

internal readonly struct Linear16Codec : ISampleCodec
{
    public static int Size => 2;

    public static float Read(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadInt16LittleEndian(source) / 32768f;

    public static void Write(float sample, Span<byte> destination) =>
        BinaryPrimitives.WriteInt16LittleEndian(destination, (short)SampleCodecs.Quantize(sample, 32768));
}

internal readonly struct Linear24Codec : ISampleCodec
{
    public static int Size => 3;

    // The three bytes go into the top of an int so the arithmetic shift extends the sign.
    public static float Read(ReadOnlySpan<byte> source) =>
        (((source[0] << 8) | (source[1] << 16) | (source[2] << 24)) >> 8) / 8388608f;

    public static void Write(float sample, Span<byte> destination)
    {
        int value = (int)SampleCodecs.Quantize(sample, 8388608);
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
    }
}

internal readonly struct Linear32Codec : ISampleCodec
{
    public static int Size => 4;

    public static float Read(ReadOnlySpan<byte> source) =>
        (float)(BinaryPrimitives.ReadInt32LittleEndian(source) / 2147483648.0);

    public static void Write(float sample, Span<byte> destination) =>
        BinaryPrimitives.WriteInt32LittleEndian(destination, (int)SampleCodecs.Quantize(sample, 2147483648.0));
}

internal readonly struct Float32Codec : ISampleCodec
{
    public static int Size => 4;

    public static float Read(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadSingleLittleEndian(source);

    public static void Write(float sample, Span<byte> destination) =>
        BinaryPrimitives.WriteSingleLittleEndian(destination, sample);
}

internal readonly struct Float64Codec : ISampleCodec
{
    public static int Size => 8;

    public static float Read(ReadOnlySpan<byte> source) => (float)BinaryPrimitives.ReadDoubleLittleEndian(source);

    public static void Write(float sample, Span<byte> destination) =>
        BinaryPrimitives.WriteDoubleLittleEndian(destination, sample);
}

/// <summary>ITU-T G.711 mu-law: 14-bit magnitude in 8 segments of 16 steps, stored inverted.</summary>
internal readonly struct MuLawCodec : ISampleCodec
{
    private const int Bias = 0x84;
    private const int Clip = 32635;

    private static readonly float[] DecodeTable = BuildDecodeTable();

    public static int Size => 1;

    public static float Read(ReadOnlySpan<byte> source) => DecodeTable[source[0]];

    public static void Write(float sample, Span<byte> destination) =>
        destination[0] = Encode((int)SampleCodecs.Quantize(sample, 32768));

    /// <summary>Encodes a signed 16-bit sample.</summary>
    public static byte Encode(int linear)
    {
        int sign = linear < 0 ? 0x80 : 0;
        int magnitude = Math.Min(Math.Abs(linear), Clip) + Bias;
        int exponent = System.Numerics.BitOperations.Log2((uint)magnitude) - 7;
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    /// <summary>Decodes to a signed 16-bit sample.</summary>
    public static int Decode(byte code)
    {
        int inverted = ~code;
        int exponent = (inverted >> 4) & 0x07;
        int magnitude = ((((inverted & 0x0F) << 3) + Bias) << exponent) - Bias;
        return (inverted & 0x80) != 0 ? -magnitude : magnitude;
    }

    private static float[] BuildDecodeTable()
    {
        var table = new float[256];
        for (int code = 0; code < 256; code++)
        {
            table[code] = Decode((byte)code) / 32768f;
        }

        return table;
    }
}
