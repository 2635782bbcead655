using System.Buffers.Binary;

namespace Rehearse.Speech.Audio.UnitTests;

public sealed class PcmTests
{
    public static TheoryData<SampleEncoding, int> EncodingsAndChannels()
    {
        var data = new TheoryData<SampleEncoding, int>();
        foreach (var encoding in Enum.GetValues<SampleEncoding>())
        {
            data.Add(encoding, 1);
            data.Add(encoding, 2);
            data.Add(encoding, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EncodingsAndChannels))]
    public void Decoding_one_byte_at_a_time_equals_decoding_the_whole_buffer(SampleEncoding encoding, int channels)
    {
        var format = new PcmFormat(encoding, 16000, channels);
        var bytes = PcmCodec.Encode(Signals.Noise(channels * 101, seed: channels), encoding);
        var expected = PcmCodec.DecodeToMono(bytes, format);

        var decoder = new PcmDecoder(format);
        var output = new List<float>();
        int appended = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            appended += decoder.Decode(bytes.AsSpan(i, 1), output);
            Assert.Equal((i + 1) % format.BlockAlign, decoder.PendingBytes);
        }

        Assert.Equal(101, expected.Length);
        Assert.Equal(expected, output.ToArray());
        Assert.Equal(expected.Length, appended);
    }

    [Fact]
    public void Decoding_random_chunks_equals_decoding_the_whole_buffer()
    {
        var format = new PcmFormat(SampleEncoding.Linear24, 48000, 2);
        var bytes = PcmCodec.Encode(Signals.Noise(2 * 5000, seed: 11), SampleEncoding.Linear24);
        var random = new Random(5);
        var decoder = new PcmDecoder(format);
        var output = new List<float>();

        for (int offset = 0; offset < bytes.Length;)
        {
            int length = Math.Min(bytes.Length - offset, random.Next(0, 40));
            decoder.Decode(bytes.AsSpan(offset, length), output);
            offset += length;
        }

        Assert.Equal(PcmCodec.DecodeToMono(bytes, format), output.ToArray());
        Assert.Equal(0, decoder.PendingBytes);
    }

    [Fact]
    public void Interleaved_stereo_is_down_mixed_by_averaging()
    {
        var bytes = PcmCodec.Encode([0.5f, -0.25f, 1f, 1f, -0.5f, 0f], SampleEncoding.Float32);

        var mono = PcmCodec.DecodeToMono(bytes, new PcmFormat(SampleEncoding.Float32, 16000, 2));

        Assert.Equal([0.125f, 1f, -0.25f], mono);
    }

    [Fact]
    public void A_buffer_ending_mid_frame_is_refused()
    {
        var exception = Assert.Throws<AudioFormatException>(
            () => PcmCodec.DecodeToMono(new byte[7], new PcmFormat(SampleEncoding.Linear16, 16000, 2)));

        Assert.Equal("audio", exception.Field);
        Assert.Contains("7 bytes, not a whole number of 4-byte frames", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SampleEncoding.Linear16, 0, 1, "sample_rate")]
    [InlineData(SampleEncoding.Linear16, 384001, 1, "sample_rate")]
    [InlineData(SampleEncoding.Linear16, 16000, 0, "channels")]
    [InlineData(SampleEncoding.Linear16, 16000, 65, "channels")]
    [InlineData((SampleEncoding)99, 16000, 1, "encoding")]
    public void An_invalid_stream_format_names_the_field(SampleEncoding encoding, int sampleRate, int channels, string field)
    {
        var exception = Assert.Throws<AudioFormatException>(() => new PcmDecoder(new PcmFormat(encoding, sampleRate, channels)));

        Assert.Equal(field, exception.Field);
    }

    [Fact]
    public void Linear16_encoding_clips_and_rounds()
    {
        float step = 1f / 32768;
        var bytes = PcmCodec.Encode([1.5f, -1.5f, 1f, -1f, 0.5f * step, -0.5f * step, 0.49f * step, 1234 * step, float.NaN], SampleEncoding.Linear16);

        var values = Enumerable.Range(0, bytes.Length / 2).Select(i => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2)));
        Assert.Equal([32767, -32768, 32767, -32768, 1, -1, 0, 1234, 0], values.Select(v => (int)v));
    }

    [Fact]
    public void Float32_encoding_stores_the_values_unchanged()
    {
        var bytes = PcmCodec.Encode([0.1f, -2.5f], SampleEncoding.Float32);

        Assert.Equal([.. BitConverter.GetBytes(0.1f), .. BitConverter.GetBytes(-2.5f)], bytes);
    }

    [Fact]
    public void Mu_law_follows_G711()
    {
        var decode = new PcmFormat(SampleEncoding.MuLaw, 8000, 1);
        var codes = Enumerable.Range(0, 256).Select(code => (byte)code).ToArray();
        var decoded = PcmCodec.DecodeToMono(codes, decode);

        Assert.Equal(0f, decoded[0xFF]);
        Assert.Equal(0f, decoded[0x7F]);
        Assert.Equal(32124 / 32768f, decoded[0x80]);
        Assert.Equal(-32124 / 32768f, decoded[0x00]);
        Assert.Equal(8 / 32768f, decoded[0xFE]);
        Assert.Equal([0xFF], PcmCodec.Encode([0f], SampleEncoding.MuLaw));

        // Every code except negative zero (0x7F) decodes to a value that encodes back to the same code.
        var reencoded = PcmCodec.Encode(decoded, SampleEncoding.MuLaw);
        Assert.Equal(codes.Where(code => code != 0x7F), reencoded.Where((_, i) => i != 0x7F));
    }

    [Fact]
    public void Mu_law_error_stays_within_the_segment_step()
    {
        var input = Enumerable.Range(-20000, 40001).Select(i => i / 20000f).ToArray();

        var decoded = PcmCodec.DecodeToMono(PcmCodec.Encode(input, SampleEncoding.MuLaw), new PcmFormat(SampleEncoding.MuLaw, 8000, 1));

        for (int i = 0; i < input.Length; i++)
        {
            // Half a quantisation step of the segment (1/32 of the biased magnitude), half a 16-bit step for the
            // rounding before encoding, and whatever G.711 clips beyond 32124/32768.
            float magnitude = Math.Abs(input[i]) * 32768;
            float bound = ((((magnitude + 132) / 32) + 0.5f) / 32768) + Math.Max(0, (magnitude - 32124) / 32768);
            Assert.True(Math.Abs(decoded[i] - input[i]) <= bound, $"{input[i]} came back as {decoded[i]}");
        }
    }

    [Fact]
    public void DurationOf_counts_whole_frames()
    {
        var format = new PcmFormat(SampleEncoding.Linear16, 16000, 2);

        Assert.Equal(4, format.BlockAlign);
        Assert.Equal(TimeSpan.FromSeconds(1), format.DurationOf(64000));
        Assert.Equal(TimeSpan.FromSeconds(1), format.DurationOf(64003));
        Assert.Equal(TimeSpan.FromTicks(625), format.DurationOf(4));
    }
}
