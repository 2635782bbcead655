using Rehearse.Speech.Recognition.Moonshine;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests;

public sealed class MoonshineVocabularyTests
{
    private static readonly Lazy<MoonshineVocabulary> Real = new(() =>
        MoonshineVocabulary.Load(Path.Combine(TestPaths.ModelsDirectory, "moonshine", "vocab.json")));

    [Fact]
    public void Byte_tokens_are_joined_into_one_character()
    {
        // "é" is two bytes, C3 A9, so it comes out of two byte tokens (ids 3 + byte value).
        var text = Real.Value.Decode([Id("▁c"), Id("af"), 3 + 0xC3, 3 + 0xA9]);

        Assert.Equal("café", text);
    }

    [Fact]
    public void Word_marks_become_spaces_and_one_leading_space_is_removed()
    {
        var text = Real.Value.Decode([Id("▁Hello"), Id(","), Id("▁world"), Id(".")]);

        Assert.Equal("Hello, world.", text);
    }

    [Fact]
    public void Special_ids_are_skipped()
    {
        var text = Real.Value.Decode([MoonshineVocabulary.StartToken, 0, Id("▁yes"), 32_001, MoonshineVocabulary.EndToken]);

        Assert.Equal("yes", text);
    }

    [Fact]
    public void Pieces_holding_a_carriage_return_survive_loading()
    {
        Assert.Equal(32_000, Real.Value.Count);
        Assert.Equal("\r", Real.Value.Decode([30004]));
        Assert.Equal(";\r", Real.Value.Decode([2104]));
    }

    [Fact]
    public void A_byte_token_slot_that_is_not_a_byte_token_is_refused()
    {
        var pieces = Enumerable.Range(0, 300).Select(id => id is >= 3 and <= 258 ? $"<0x{id - 3:X2}>" : $"p{id}").ToArray();
        pieces[10] = "oops";

        var error = Assert.Throws<InvalidDataException>(() => new MoonshineVocabulary(pieces));
        Assert.Contains("Token 10", error.Message, StringComparison.Ordinal);
    }

    private static int Id(string piece)
    {
        var pieces = System.Text.Json.JsonSerializer.Deserialize<string[]>(
            File.ReadAllText(Path.Combine(TestPaths.ModelsDirectory, "moonshine", "vocab.json")))!;
        var id = Array.IndexOf(pieces, piece);
        Assert.True(id >= 0, $"'{piece}' is not in the vocabulary");
        return id;
    }
}
