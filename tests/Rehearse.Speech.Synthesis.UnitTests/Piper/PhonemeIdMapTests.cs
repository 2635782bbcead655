using Rehearse.Speech.Synthesis.Piper;
using Rehearse.Testing;

namespace Rehearse.Speech.Synthesis.UnitTests.Piper;

public sealed class PhonemeIdMapTests
{
    private static PhonemeIdMap LoadVoiceTable() =>
        PhonemeIdMap.Load(Path.Combine(TestPaths.ModelsDirectory, "piper", "en_US-libritts_r-medium", "tokens.txt"));

    [Fact]
    public void Reads_every_symbol_of_the_voice_including_the_space()
    {
        var map = LoadVoiceTable();
        Assert.Equal(159, map.Count);
        // ^ _ " " _ $ : the space symbol's line is "  3", split at its last space.
        Assert.Equal([1L, 0, 3, 0, 2], map.Encode(" ", out _));
    }

    [Fact]
    public void Encodes_with_a_pad_after_every_phoneme()
    {
        var ids = LoadVoiceTable().Encode("ˈə,", out var skipped);
        Assert.Equal([1L, 0, 120, 0, 59, 0, 8, 0, 2], ids);
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void Skips_symbols_the_voice_does_not_have()
    {
        var ids = LoadVoiceTable().Encode("ə\u4E2Dɹ\U0001F600", out var skipped);
        Assert.Equal([1L, 0, 59, 0, 88, 0, 2], ids);
        Assert.Equal(2, skipped);
    }

    [Fact]
    public void Iterates_combining_marks_as_their_own_symbols()
    {
        // "ã" written as a + U+0303: two symbols, as the voice's table has them.
        var ids = LoadVoiceTable().Encode("a\u0303", out var skipped);
        Assert.Equal(0, skipped);
        Assert.Equal(7, ids.Length);
        Assert.Equal(141, ids[4]);
    }

    [Theory]
    [InlineData("a 1\nb", "tokens.txt:2")]
    [InlineData("ab 1", "single code point")]
    [InlineData("a 1", "'^'")]
    public void Rejects_malformed_tables(string contents, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => PhonemeIdMap.Parse(contents, "tokens.txt"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
