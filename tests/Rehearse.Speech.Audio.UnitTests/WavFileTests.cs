using System.Buffers.Binary;
using static Rehearse.Testing.WavBytes;

namespace Rehearse.Speech.Audio.UnitTests;

public sealed class WavFileTests
{
    private const int Pcm = 1;
    private const int IeeeFloat = 3;
    private const int MuLaw = 7;

    private static readonly short[] Samples = [1000, -2000, 3000, -32768, 32767];

    public static TheoryData<SampleEncoding> AllEncodings => new(Enum.GetValues<SampleEncoding>());

    [Theory]
    [MemberData(nameof(AllEncodings))]
    public void Every_encoding_survives_a_write_and_read(SampleEncoding encoding)
    {
        float[] input = [.. Signals.Sine(440, 22050, 0.05, 0.9), -1f, 0f, 0.99f, 1e-4f, -1e-4f];

        var file = WavFile.Write(input, 22050, encoding);
        var decoded = WavFile.Read(file);

        Assert.True(WavFile.LooksLikeWav(file));
        Assert.Equal(new PcmFormat(encoding, 22050, 1), decoded.SourceFormat);
        Assert.Equal(input.Length, decoded.Samples.Length);
        for (int i = 0; i < input.Length; i++)
        {
            float error = Math.Abs(decoded.Samples[i] - input[i]);
            float bound = encoding switch
            {
                SampleEncoding.Linear8 => 0.5f / 128,
                SampleEncoding.Linear16 => 0.5f / 32768,
                SampleEncoding.Linear24 => 0.5f / 8388608,
                SampleEncoding.Linear32 => 1e-7f,
                SampleEncoding.MuLaw => (0.035f * Math.Abs(input[i])) + (8f / 32768),
                _ => 0f,
            };
            Assert.True(error <= bound, $"sample {i}: {input[i]} came back as {decoded.Samples[i]}");
        }
    }

    [Theory]
    [InlineData(SampleEncoding.Linear16, 1, 16, 10)]
    [InlineData(SampleEncoding.Float32, 3, 32, 20)]
    [InlineData(SampleEncoding.MuLaw, 7, 8, 5)]
    [InlineData(SampleEncoding.Linear8, 1, 8, 5)]
    public void The_written_header_declares_the_format_and_sizes(SampleEncoding encoding, int formatTag, int bits, int dataBytes)
    {
        var file = WavFile.Write(new float[dataBytes * 8 / bits], 16000, encoding);

        int fmtSize = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16));
        var header = WavFile.ReadHeader(file, out int dataOffset);
        Assert.Equal(file.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
        Assert.Equal(formatTag, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(20)));
        Assert.Equal(formatTag == Pcm ? 16 : 18, fmtSize);
        Assert.Equal(bits, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(34)));
        Assert.Equal(dataBytes, header.DataBytes);
        Assert.Equal(file.Length - (dataBytes % 2), dataOffset + dataBytes);
    }

    [Fact]
    public void Chunks_before_between_and_after_fmt_and_data_are_skipped()
    {
        var file = Riff(
            Chunk("JUNK", new byte[28]),
            Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)),
            Chunk("fact", UInt32(3)),
            Chunk("bext", new byte[10]),
            Chunk("LIST", "INFOISFT\u0005\0\0\0Lavf\0"u8.ToArray()),
            Chunk("data", Pcm16(1000, -2000, 3000)),
            Chunk("LIST", new byte[7]));

        var decoded = WavFile.Read(file);

        Assert.Equal(new PcmFormat(SampleEncoding.Linear16, 16000, 1), decoded.SourceFormat);
        Assert.Equal([1000 / 32768f, -2000 / 32768f, 3000 / 32768f], decoded.Samples);
    }

    [Fact]
    public void An_odd_sized_chunk_is_followed_by_its_pad_byte()
    {
        // Without skipping the pad byte the reader would look for the next chunk one byte early.
        var file = Riff(Chunk("fmt ", Fmt(Pcm, 1, 8000, 8)), Chunk("LIST", [1, 2, 3]), Chunk("data", [0x80, 0xFF, 0x00]), Chunk("id3 ", [9]));

        var decoded = WavFile.Read(file);

        Assert.Equal([0f, 127 / 128f, -1f], decoded.Samples);
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0u)]
    [InlineData(0x7FFFF000u)] // sox and espeak-ng writing to a pipe
    public void A_streamed_data_size_means_the_rest_of_the_buffer(uint declaredSize)
    {
        // A trailing partial frame (the last byte) is ignored.
        byte[] data = [.. Pcm16(100, 200, 300), 0x7F];
        var file = Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)), Chunk("data", data, declaredSize));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 0xFFFFFFFF);

        var header = WavFile.ReadHeader(file, out _);
        var decoded = WavFile.Read(file);

        Assert.Null(header.DataBytes);
        Assert.Equal([100 / 32768f, 200 / 32768f, 300 / 32768f], decoded.Samples);
    }

    [Fact]
    public void A_streaming_header_followed_by_audio_reads_back()
    {
        var format = new PcmFormat(SampleEncoding.Linear16, 24000, 1);
        var audio = Signals.Sine(300, 24000, 0.1);

        var header = WavFile.CreateStreamingHeader(format);
        var decoded = WavFile.Read([.. header, .. PcmCodec.Encode(audio, SampleEncoding.Linear16)]);

        Assert.Equal(0xFFFFFFFF, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
        Assert.Equal(0xFFFFFFFF, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(header.Length - 4)));
        Assert.Equal(format, decoded.SourceFormat);
        Assert.Equal(audio.Length, decoded.Samples.Length);
        Assert.Equal(TimeSpan.FromMilliseconds(100), decoded.Duration);
    }

    [Fact]
    public void A_file_of_odd_length_ends_with_a_pad_byte_counted_in_the_RIFF_size()
    {
        var file = WavFile.Write(new float[3], 8000, SampleEncoding.MuLaw);
        var header = WavFile.ReadHeader(file, out int dataOffset);

        Assert.Equal(3, header.DataBytes);
        Assert.Equal(dataOffset + 3 + 1, file.Length);
        Assert.Equal(file.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
    }

    [Fact]
    public void Stereo_is_down_mixed_by_averaging()
    {
        var file = Riff(Chunk("fmt ", Fmt(Pcm, 2, 44100, 16)), Chunk("data", Pcm16(16384, -8192, -32768, -32768)));

        var decoded = WavFile.Read(file);

        Assert.Equal(new PcmFormat(SampleEncoding.Linear16, 44100, 2), decoded.SourceFormat);
        Assert.Equal([0.125f, -1f], decoded.Samples);
    }

    [Fact]
    public void Extensible_PCM_stereo_is_read()
    {
        var file = Riff(Chunk("fmt ", ExtensibleFmt(Pcm, 2, 48000, 16)), Chunk("data", Pcm16(16384, 0, 0, -16384)));

        var decoded = WavFile.Read(file);

        Assert.Equal(new PcmFormat(SampleEncoding.Linear16, 48000, 2), decoded.SourceFormat);
        Assert.Equal([0.25f, -0.25f], decoded.Samples);
    }

    [Fact]
    public void Extensible_IEEE_float_is_read()
    {
        var file = Riff(Chunk("fmt ", ExtensibleFmt(IeeeFloat, 1, 16000, 32)), Chunk("data", PcmCodec.Encode([0.5f, -0.75f], SampleEncoding.Float32)));

        var decoded = WavFile.Read(file);

        Assert.Equal(new PcmFormat(SampleEncoding.Float32, 16000, 1), decoded.SourceFormat);
        Assert.Equal([0.5f, -0.75f], decoded.Samples);
    }

    [Fact]
    public void Extensible_mu_law_is_read()
    {
        var file = Riff(Chunk("fmt ", ExtensibleFmt(MuLaw, 1, 8000, 8)), Chunk("data", [0xFF, 0x80, 0x00]));

        var decoded = WavFile.Read(file);

        Assert.Equal(new PcmFormat(SampleEncoding.MuLaw, 8000, 1), decoded.SourceFormat);
        Assert.Equal([0f, 32124 / 32768f, -32124 / 32768f], decoded.Samples);
    }

    [Fact]
    public void Bit_depths_that_are_not_whole_bytes_are_read_from_their_containers()
    {
        var file = Riff(Chunk("fmt ", Fmt(Pcm, 1, 8000, 12)), Chunk("data", Pcm16(0x7FF0, -0x8000)));

        var decoded = WavFile.Read(file);

        Assert.Equal(SampleEncoding.Linear16, decoded.SourceFormat.Encoding);
        Assert.Equal([0x7FF0 / 32768f, -1f], decoded.Samples);
    }

    [Fact]
    public void Twenty_four_bit_samples_keep_their_sign()
    {
        var file = Riff(Chunk("fmt ", Fmt(Pcm, 1, 96000, 24)), Chunk("data", [0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F]));

        var decoded = WavFile.Read(file);

        Assert.Equal([-1 / 8388608f, -1f, 8388607 / 8388608f], decoded.Samples);
    }

    [Fact]
    public void TryReadHeader_waits_for_the_data_chunk_header()
    {
        var file = Riff(Chunk("LIST", new byte[11]), Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)), Chunk("data", Pcm16(1, 2, 3)));
        var expected = WavFile.ReadHeader(file, out int expectedOffset);

        for (int length = 0; length < file.Length; length++)
        {
            bool found = WavFile.TryReadHeader(file.AsSpan(0, length), out var header, out int dataOffset);

            Assert.Equal(length >= expectedOffset, found);
            if (found)
            {
                Assert.Equal(expected, header);
                Assert.Equal(expectedOffset, dataOffset);
            }
        }

        Assert.Equal(6, expected.DataBytes);
        Assert.Equal(file.Length - 6, expectedOffset);
    }

    [Fact]
    public void TryReadHeader_refuses_bytes_that_are_not_a_WAV_header() =>
        AssertInvalid(() => WavFile.TryReadHeader("ID3\u0004\0\0\0\0\0\0\0\0"u8, out _, out _), "not a WAV file");

    public static TheoryData<string, byte[], string> InvalidFiles => new()
    {
        { "truncated data", Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)), Chunk("data", Pcm16(1, 2, 3), declaredSize: 1000)),
            "the WAV data chunk declares 1000 bytes but only 6 are present" },
        { "MP3", [.. "ID3\u0004\0\0\0\0\0\u0021"u8, .. new byte[40]], "the audio is not a WAV file" },
        { "too short", "RIFF"u8.ToArray(), "the audio is 4 bytes, too short to be a WAV file" },
        { "AVI", Riff("AVI ", Chunk("LIST", new byte[4])), "the RIFF file is of form type 'AVI ', not 'WAVE'" },
        { "no fmt", Riff(Chunk("data", Pcm16(1, 2))), "the WAV file has no 'fmt ' chunk before its 'data' chunk" },
        { "no chunks", Riff(Chunk("LIST", new byte[4])), "the WAV file has no 'fmt ' chunk" },
        { "no data", Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16))), "the WAV file has no 'data' chunk" },
        { "short fmt", Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)[..14]), Chunk("data", Pcm16(1))),
            "the WAV 'fmt ' chunk is 14 bytes; at least 16 are required" },
        { "fmt past the end", Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)[..4], declaredSize: 16)),
            "the WAV 'fmt ' chunk declares 16 bytes but only 4 are present" },
        { "LIST past the end", Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)), Chunk("LIST", new byte[4], declaredSize: 0x7FFFFFFF)),
            "the WAV 'LIST' chunk declares 2147483647 bytes but only 4 are present" },
        { "zero channels", Riff(Chunk("fmt ", Fmt(Pcm, 0, 16000, 16, blockAlign: 2)), Chunk("data", Pcm16(1))),
            "the WAV header declares 0 channels; 1 to 64 are supported" },
        { "zero rate", Riff(Chunk("fmt ", Fmt(Pcm, 1, 0, 16)), Chunk("data", Pcm16(1))),
            "the WAV sample rate is 0 Hz; 1 to 384000 Hz are supported" },
        { "rate too high", Riff(Chunk("fmt ", Fmt(Pcm, 1, 384001, 16)), Chunk("data", Pcm16(1))),
            "the WAV sample rate is 384001 Hz; 1 to 384000 Hz are supported" },
        { "block align", Riff(Chunk("fmt ", Fmt(Pcm, 2, 16000, 16, blockAlign: 2)), Chunk("data", Pcm16(1))),
            "the WAV block align is 2 bytes but 2 channel(s) of 16-bit samples need 4" },
        { "A-law", Riff(Chunk("fmt ", Fmt(6, 1, 8000, 8)), Chunk("data", [1])),
            "the WAV format tag 0x0006 (A-law) is not supported" },
        { "64-bit PCM", Riff(Chunk("fmt ", Fmt(Pcm, 1, 8000, 64)), Chunk("data", new byte[8])),
            "64-bit PCM WAV audio is not supported" },
        { "16-bit float", Riff(Chunk("fmt ", Fmt(IeeeFloat, 1, 8000, 16)), Chunk("data", new byte[2])),
            "16-bit IEEE float WAV audio is not supported" },
        { "short extensible", Riff(Chunk("fmt ", [.. Fmt(0xFFFE, 1, 8000, 16), .. UInt16(0)]), Chunk("data", new byte[2])),
            "the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is 18 bytes; 40 are required" },
        { "extensible AC-3", Riff(Chunk("fmt ", ExtensibleFmt(0, 2, 48000, 16, new Guid("e06d802c-db46-11cf-b4d1-00805f6cbbea"))), Chunk("data", new byte[4])),
            "the WAVE_FORMAT_EXTENSIBLE sub-format e06d802c-db46-11cf-b4d1-00805f6cbbea is not supported" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_files_are_refused_with_the_reason(string name, byte[] file, string reason)
    {
        Assert.NotEmpty(name);
        AssertInvalid(() => WavFile.Read(file), reason);
    }

    [Fact]
    public void Writing_at_an_unsupported_rate_names_the_sample_rate()
    {
        var exception = Assert.Throws<AudioFormatException>(() => WavFile.Write([0f], 0, SampleEncoding.Linear16));

        Assert.Equal("sample_rate", exception.Field);
    }

    [Fact]
    public void LooksLikeWav_checks_the_RIFF_and_WAVE_tags()
    {
        Assert.True(WavFile.LooksLikeWav(Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)))));
        Assert.False(WavFile.LooksLikeWav(Riff("AVI ")));
        Assert.False(WavFile.LooksLikeWav("RIFF\0\0\0\0WAV"u8));
        Assert.False(WavFile.LooksLikeWav("OggS\0\0\0\0WAVE"u8));
    }

    [Fact]
    public void A_real_recording_decodes_at_16_kHz_with_its_duration()
    {
        string? directory = SharedSpeechDirectory();
        string path = Path.Combine(directory ?? "", "whisper_jfk.wav");
        if (directory is null || !File.Exists(path))
        {
            Assert.Skip("the shared speech recordings (../shared/testdata/speech) are not present");
        }

        var decoded = WavFile.Read(File.ReadAllBytes(path));

        Assert.Equal(new PcmFormat(SampleEncoding.Linear16, 16000, 1), decoded.SourceFormat);
        Assert.InRange(decoded.Duration.TotalSeconds, 10.95, 11.05);
        Assert.InRange(AudioLevels.Peak(decoded.Samples), 0.1f, 1f);
    }

    private static void AssertInvalid(Action read, string reason)
    {
        var exception = Assert.Throws<AudioFormatException>(read);
        Assert.Equal("audio", exception.Field);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    private static string? SharedSpeechDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rehearse.slnx")) || Path.Exists(Path.Combine(directory.FullName, ".git")))
            {
                string shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "testdata", "speech"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }
}
