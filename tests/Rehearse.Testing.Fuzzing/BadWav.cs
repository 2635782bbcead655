namespace Rehearse.Testing.Fuzzing;

/// <summary>
/// WAV files with broken headers: impossible formats (0 or 65535 channels, 0 Hz, 0 or 13 or 64 bits, unknown
/// format tags, a block alignment that does not match), chunk sizes past the end or near 4 GiB, the data chunk
/// before its fmt chunk, no fmt chunk, truncation inside the header, and bit flips in an otherwise valid header.
/// </summary>
public static class BadWav
{
    private static readonly int[] FormatTags = [0, 1, 2, 3, 6, 7, 0x55, 0xFFFE, 0xFFFF];
    private static readonly int[] ChannelCounts = [0, 1, 2, 3, 8, 255, 65535];
    private static readonly int[] Rates = [0, 1, 7999, 8000, 16000, 44100, 48001, 192000, int.MaxValue, -1];
    private static readonly int[] Bits = [0, 1, 7, 8, 12, 13, 16, 24, 32, 64, 65535];

    /// <summary>A short valid 16-bit mono WAV file at a common rate.</summary>
    public static byte[] Valid(Random random)
    {
        int[] rates = [8000, 16000, 22050, 44100, 48000];
        var samples = new short[random.Next(0, 8000)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)random.Next(-3000, 3000);
        }
        return WavBytes.Riff(WavBytes.Chunk("fmt ", WavBytes.Fmt(1, 1, rates[random.Next(rates.Length)], 16)), WavBytes.Chunk("data", WavBytes.Pcm16(samples)));
    }

    /// <summary>A WAV file whose header is broken in one of several ways.</summary>
    public static byte[] Create(Random random)
    {
        var audio = FuzzValues.RandomBytes(random, random.Next(0, 4000));
        var format = random.Next(4) == 0
            ? WavBytes.ExtensibleFmt(Pick(random, FormatTags), Pick(random, ChannelCounts), Pick(random, Rates), Pick(random, Bits), random.Next(3) == 0 ? Guid.NewGuid() : null)
            : WavBytes.Fmt(Pick(random, FormatTags), Pick(random, ChannelCounts), Pick(random, Rates), Pick(random, Bits),
                random.Next(3) == 0 ? Pick(random, [0, 1, 3, 65535]) : null);
        var wav = random.Next(8) switch
        {
            0 => WavBytes.Riff(WavBytes.Chunk("data", audio), WavBytes.Chunk("fmt ", format)),
            1 => WavBytes.Riff(WavBytes.Chunk("data", audio)),
            2 => WavBytes.Riff(WavBytes.Chunk("fmt ", format), WavBytes.Chunk("data", audio, declaredSize: Pick(random, [0u, 1u, 0x7FFFFFFFu, 0xFFFFFFFEu, 0xFFFFFFFFu]))),
            3 => WavBytes.Riff(WavBytes.Chunk("fmt ", format[..random.Next(format.Length)]), WavBytes.Chunk("data", audio)),
            4 => WavBytes.Riff(WavBytes.Chunk("LIST", audio, declaredSize: Pick(random, [0x7FFFFFFFu, 0xFFFFFFFFu, (uint)audio.Length + 10])), WavBytes.Chunk("fmt ", format)),
            5 => WavBytes.Riff("WAVX", WavBytes.Chunk("fmt ", format), WavBytes.Chunk("data", audio)),
            _ => WavBytes.Riff(WavBytes.Chunk("fmt ", format), WavBytes.Chunk("data", audio)),
        };
        switch (random.Next(4))
        {
            case 0:
                return wav[..random.Next(Math.Min(wav.Length, 60))];
            case 1:
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    var at = random.Next(Math.Min(wav.Length, 64));
                    wav[at] ^= (byte)(1 << random.Next(8));
                }
                return wav;
            default:
                return wav;
        }
    }

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];
}
