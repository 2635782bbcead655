using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using NAudio.Wave;

namespace Rehearse.Speech.Audio;

/// <summary>
/// Reads and writes RIFF WAVE audio.
/// </summary>
/// <remarks>
/// <para>
/// The reader walks the chunks to the end of the buffer and does not trust the RIFF size (streaming writers
/// leave it 0 or 0xFFFFFFFF). It accepts PCM (8-bit unsigned, 16, 24 and 32-bit), IEEE float (32 and 64-bit)
/// and G.711 mu-law, also when wrapped in WAVE_FORMAT_EXTENSIBLE; unknown chunks (LIST, fact, bext, JUNK, ...)
/// are skipped with their pad byte. A 'data' chunk size of 0 or 0xFFFFFFFF, or the 0x7FFFF000 that sox and
/// espeak-ng write when their output cannot seek, means the audio runs to the end of the buffer; any other
/// 'data' chunk that declares more bytes than are present is refused as truncated, rather than silently
/// decoding part of a damaged upload. A trailing partial frame is ignored. Every problem is an
/// <see cref="AudioFormatException"/> with field "audio" and a message that says what is wrong.
/// </para>
/// <para>
/// Writing complete files is NAudio's <see cref="WaveFileWriter"/>. Reading stays here: NAudio's WaveFileReader
/// needs the whole file in a seekable stream, so it cannot read the header of a recognition stream from its
/// first chunks (<see cref="TryReadHeader"/>); and measured on the files of the unit tests (bench/run audio) it
/// reads a 'data' size of 0 as no audio, silently cuts a truncated file short, accepts 0 channels, 0 Hz, a
/// contradictory block align and 16-bit float (decoding nothing), and cannot decode mu-law, 12-bit samples in
/// 16-bit containers or more than two channels to mono; nor do its errors say which limit was broken.
/// </para>
/// </remarks>
public static class WavFile
{
    private const int FormatPcm = 0x0001;
    private const int FormatIeeeFloat = 0x0003;
    private const int FormatMuLaw = 0x0007;
    private const int FormatExtensible = 0xFFFE;
    private const int RiffHeaderBytes = 12;
    private const int ChunkHeaderBytes = 8;
    private const int MinFmtBytes = 16;
    private const int ExtensibleFmtBytes = 40;

    // The 'data' size sox and espeak-ng write when their output is a pipe and they cannot go back to fix it.
    private const uint PipedDataSize = 0x7FFFF000;

    // KSDATAFORMAT_SUBTYPE_* GUIDs are {tttt0000-0000-0010-8000-00aa00389b71} with the format tag in the
    // first two bytes; these are the remaining fourteen as stored.
    private static ReadOnlySpan<byte> SubFormatGuidTail =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>True when <paramref name="bytes"/> starts with a RIFF header of form type WAVE.</summary>
    public static bool LooksLikeWav(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= RiffHeaderBytes && bytes[..4].SequenceEqual("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WAVE"u8);

    /// <summary>Decodes a whole WAV file to mono samples at its own sample rate.</summary>
    /// <exception cref="AudioFormatException">The bytes are not a supported, complete WAV file (field "audio").</exception>
    public static DecodedAudio Read(ReadOnlySpan<byte> bytes)
    {
        var header = ReadHeader(bytes, out int dataOffset);
        int available = bytes.Length - dataOffset;
        long length = header.DataBytes ?? available;
        if (length > available)
        {
            throw Invalid($"the WAV data chunk declares {length} bytes but only {available} are present (the file is truncated)");
        }

        var format = header.Format;
        var samples = new float[length / format.BlockAlign];
        SampleCodecs.DecodeFrames(bytes[dataOffset..], format.Encoding, format.Channels, samples);
        return new DecodedAudio(format, samples);
    }

    /// <summary>
    /// Parses the header of a WAV file up to the start of its 'data' chunk. The audio itself need not be
    /// present, so this also serves a stream whose first bytes are a WAV header.
    /// </summary>
    /// <param name="bytes">The file, or at least its beginning up to and including the 'data' chunk header.</param>
    /// <param name="dataOffset">Where the audio starts in <paramref name="bytes"/>.</param>
    /// <exception cref="AudioFormatException">The header is invalid, unsupported or incomplete (field "audio").</exception>
    public static WavHeaderInfo ReadHeader(ReadOnlySpan<byte> bytes, out int dataOffset) =>
        ParseHeader(bytes, isComplete: true, out dataOffset)!;

    /// <summary>
    /// Like <see cref="ReadHeader"/> for the first bytes of a stream: returns false while the bytes end before
    /// the 'data' chunk header, so the caller can wait for more (and should give up past a size it chooses).
    /// </summary>
    /// <exception cref="AudioFormatException">What has arrived is already not a supported WAV header (field "audio").</exception>
    public static bool TryReadHeader(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out WavHeaderInfo? header, out int dataOffset)
    {
        header = ParseHeader(bytes, isComplete: false, out dataOffset);
        return header is not null;
    }

    /// <summary>Writes mono samples as a complete WAV file (PCM, IEEE float or mu-law, depending on <paramref name="encoding"/>).</summary>
    /// <exception cref="AudioFormatException">The sample rate is outside 1..<see cref="PcmFormat.MaxSampleRate"/> (field "sample_rate").</exception>
    public static byte[] Write(ReadOnlySpan<float> monoSamples, int sampleRate, SampleEncoding encoding)
    {
        var format = new PcmFormat(encoding, sampleRate, 1);
        format.Validate();
        using var file = new MemoryStream();
        using (var writer = new WaveFileWriter(file, ToWaveFormat(format)))
        {
            writer.Write(PcmCodec.Encode(monoSamples, encoding));
        }

        return file.ToArray();
    }

    /// <summary>
    /// Creates the header that precedes <paramref name="format"/> audio of a length not known yet (chunked output).
    /// The RIFF and 'data' sizes are 0xFFFFFFFF, which readers of streamed WAV take as "until the end".
    /// </summary>
    /// <remarks>
    /// NAudio's <see cref="WaveFileWriter"/> lays out the header but fills in the sizes by seeking back when it is
    /// disposed, which a response stream cannot do (it throws NotSupportedException there); so the header of an
    /// empty file is taken from it and its two sizes are marked unknown.
    /// </remarks>
    /// <exception cref="AudioFormatException">The format is invalid.</exception>
    public static byte[] CreateStreamingHeader(PcmFormat format)
    {
        format.Validate();
        using var file = new MemoryStream();
        using (new WaveFileWriter(file, ToWaveFormat(format)))
        {
        }

        // An empty file ends with the 'data' chunk header, whose last four bytes are its size.
        var header = file.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(header.Length - 4), uint.MaxValue);
        return header;
    }

    private static WaveFormat ToWaveFormat(PcmFormat format) => format.Encoding switch
    {
        SampleEncoding.Float32 or SampleEncoding.Float64 => WaveFormat.CreateCustomFormat(
            WaveFormatEncoding.IeeeFloat, format.SampleRate, format.Channels, format.SampleRate * format.BlockAlign, format.BlockAlign, format.BytesPerSample * 8),
        SampleEncoding.MuLaw => WaveFormat.CreateMuLawFormat(format.SampleRate, format.Channels),
        _ => new WaveFormat(format.SampleRate, format.BytesPerSample * 8, format.Channels),
    };

    /// <summary>Walks the chunks up to 'data'; returns null only when <paramref name="isComplete"/> is false and more bytes are needed.</summary>
    private static WavHeaderInfo? ParseHeader(ReadOnlySpan<byte> bytes, bool isComplete, out int dataOffset)
    {
        dataOffset = 0;
        if (bytes.Length < RiffHeaderBytes)
        {
            return isComplete ? throw Invalid($"the audio is {bytes.Length} bytes, too short to be a WAV file") : null;
        }

        if (!LooksLikeWav(bytes))
        {
            throw Invalid(bytes[..4].SequenceEqual("RIFF"u8)
                ? $"the RIFF file is of form type '{Printable(bytes.Slice(8, 4))}', not 'WAVE'"
                : "the audio is not a WAV file (it does not start with 'RIFF....WAVE')");
        }

        PcmFormat? format = null;
        long position = RiffHeaderBytes;
        while (position + ChunkHeaderBytes <= bytes.Length)
        {
            var id = bytes.Slice((int)position, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[((int)position + 4)..]);
            long body = position + ChunkHeaderBytes;
            if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw Invalid("the WAV file has no 'fmt ' chunk before its 'data' chunk");
                }

                dataOffset = (int)body;
                return new WavHeaderInfo(format.Value, size is 0 or uint.MaxValue or PipedDataSize ? null : size);
            }

            if (body + size > bytes.Length && (isComplete || id.SequenceEqual("fmt "u8)))
            {
                if (!isComplete)
                {
                    return null;
                }

                throw Invalid($"the WAV '{Printable(id)}' chunk declares {size} bytes but only {bytes.Length - body} are present (the file is truncated)");
            }

            if (id.SequenceEqual("fmt "u8))
            {
                format = ParseFormat(bytes.Slice((int)body, (int)size));
            }

            position = body + size + (size & 1);
        }

        if (!isComplete)
        {
            return null;
        }

        throw Invalid(format is null ? "the WAV file has no 'fmt ' chunk" : "the WAV file has no 'data' chunk");
    }

    private static PcmFormat ParseFormat(ReadOnlySpan<byte> fmt)
    {
        if (fmt.Length < MinFmtBytes)
        {
            throw Invalid($"the WAV 'fmt ' chunk is {fmt.Length} bytes; at least {MinFmtBytes} are required");
        }

        int formatTag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        // Plain PCM may declare a bit depth that is not a whole number of bytes (e.g. 12); samples then sit
        // left-justified in whole-byte containers. WAVE_FORMAT_EXTENSIBLE always declares the container size.
        int containerBits = (bitsPerSample + 7) / 8 * 8;
        if (formatTag == FormatExtensible)
        {
            if (fmt.Length < ExtensibleFmtBytes)
            {
                throw Invalid($"the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is {fmt.Length} bytes; {ExtensibleFmtBytes} are required");
            }

            var subFormat = fmt.Slice(24, 16);
            if (!subFormat[2..].SequenceEqual(SubFormatGuidTail))
            {
                throw Invalid($"the WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(subFormat)} is not supported; PCM, IEEE float and mu-law are");
            }

            formatTag = BinaryPrimitives.ReadUInt16LittleEndian(subFormat);
        }

        if (channels is < 1 or > PcmFormat.MaxChannels)
        {
            throw Invalid($"the WAV header declares {channels} channels; 1 to {PcmFormat.MaxChannels} are supported");
        }

        if (sampleRate is < 1 or > PcmFormat.MaxSampleRate)
        {
            throw Invalid($"the WAV sample rate is {sampleRate} Hz; 1 to {PcmFormat.MaxSampleRate} Hz are supported");
        }

        SampleEncoding encoding = (formatTag, containerBits) switch
        {
            (FormatPcm, 8) => SampleEncoding.Linear8,
            (FormatPcm, 16) => SampleEncoding.Linear16,
            (FormatPcm, 24) => SampleEncoding.Linear24,
            (FormatPcm, 32) => SampleEncoding.Linear32,
            (FormatIeeeFloat, 32) => SampleEncoding.Float32,
            (FormatIeeeFloat, 64) => SampleEncoding.Float64,
            (FormatMuLaw, 8) => SampleEncoding.MuLaw,
            (FormatPcm or FormatIeeeFloat or FormatMuLaw, _) => throw Invalid(
                $"{bitsPerSample}-bit {FormatName(formatTag)} WAV audio is not supported; " +
                "PCM 8/16/24/32-bit, IEEE float 32/64-bit and 8-bit mu-law are"),
            _ => throw Invalid(
                $"the WAV format tag 0x{formatTag:X4} ({FormatName(formatTag)}) is not supported; " +
                "PCM, IEEE float, mu-law and WAVE_FORMAT_EXTENSIBLE are"),
        };

        var format = new PcmFormat(encoding, (int)sampleRate, channels);
        if (blockAlign != format.BlockAlign)
        {
            throw Invalid(
                $"the WAV block align is {blockAlign} bytes but {channels} channel(s) of {bitsPerSample}-bit samples need {format.BlockAlign}");
        }

        return format;
    }

    private static string FormatName(int formatTag) => formatTag switch
    {
        FormatPcm => "PCM",
        FormatIeeeFloat => "IEEE float",
        FormatMuLaw => "mu-law",
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 or 0x0055 => "MPEG",
        _ => "unknown",
    };

    private static string Printable(ReadOnlySpan<byte> fourCc)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            chars[i] = fourCc[i] is >= 0x20 and < 0x7F ? (char)fourCc[i] : '?';
        }

        return new string(chars);
    }

    private static AudioFormatException Invalid(string message) => new("audio", message);
}
