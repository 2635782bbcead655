using Rehearse.Speech.Synthesis.Text;

namespace Rehearse.Speech.Synthesis.UnitTests.Text;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Splits_at_sentence_ends()
    {
        Assert.Equal(
            ["Hello there.", "How are you?", "Great!", "Bye"],
            SentenceSplitter.Split("Hello there. How are you? Great! Bye", 300));
    }

    [Theory]
    [InlineData("Dr. Smith is in. She waits.", new[] { "Dr. Smith is in.", "She waits." })]
    [InlineData("Use a map, e.g. a HashMap. Then sort.", new[] { "Use a map, e.g. a HashMap.", "Then sort." })]
    [InlineData("Pi is 3.14 roughly. Yes.", new[] { "Pi is 3.14 roughly.", "Yes." })]
    [InlineData("See example.com now. Done.", new[] { "See example.com now.", "Done." })]
    [InlineData("J. R. R. Tolkien wrote it. True.", new[] { "J. R. R. Tolkien wrote it.", "True." })]
    [InlineData("He said \"stop.\" Then left.", new[] { "He said \"stop.\"", "Then left." })]
    [InlineData("Wait... really? Yes.", new[] { "Wait... really?", "Yes." })]
    public void Does_not_split_inside_abbreviations_numbers_or_quotes(string text, string[] expected) =>
        Assert.Equal(expected, SentenceSplitter.Split(text, 300));

    [Fact]
    public void Splits_lists_and_paragraphs()
    {
        Assert.Equal(
            ["Consider these", "1. Time complexity", "2. Space complexity", "Then answer"],
            SentenceSplitter.Split("Consider these\n1. Time complexity\n2. Space complexity\n\nThen answer", 300));
    }

    [Fact]
    public void Cuts_long_sentences_at_clause_boundaries()
    {
        var text = "First we measure the latency of every request in the system, then we compare it with the budget " +
            "we agreed on; finally we decide whether the change can ship or needs more work before the release.";
        var pieces = SentenceSplitter.Split(text, 120);
        Assert.True(pieces.Count >= 2);
        Assert.All(pieces, p => Assert.True(p.Length <= 120, p));
        Assert.EndsWith(";", pieces[0], StringComparison.Ordinal);
        Assert.Equal(text, string.Join(' ', pieces));
    }

    [Fact]
    public void Cuts_at_spaces_when_there_is_no_punctuation()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 100));
        var pieces = SentenceSplitter.Split(text, 60);
        Assert.All(pieces, p => Assert.True(p.Length <= 60));
        Assert.Equal(text, string.Join(' ', pieces));
    }

    [Fact]
    public void Drops_pieces_without_words() => Assert.Equal(["Yes."], SentenceSplitter.Split("... Yes. !!! -", 300));
}

public sealed class SentenceAccumulatorTests
{
    [Fact]
    public void Releases_a_sentence_only_once_the_next_one_starts()
    {
        var accumulator = new SentenceAccumulator(300);
        Assert.Empty(accumulator.Append("Hello wor"));
        Assert.Empty(accumulator.Append("ld."));
        // "world." might still be "world.com": wait for what follows.
        Assert.Empty(accumulator.Append(" "));
        Assert.Equal(["Hello world."], accumulator.Append("How"));
        Assert.Equal(["How are you?"], accumulator.Append(" are you? I"));
        Assert.Empty(accumulator.Append(" am fine"));
        Assert.Equal(["I am fine"], accumulator.Flush());
        Assert.Equal(0, accumulator.PendingLength);
    }

    [Fact]
    public void Waits_when_a_period_could_be_an_abbreviation_or_decimal()
    {
        var accumulator = new SentenceAccumulator(300);
        Assert.Empty(accumulator.Append("Ask Dr. "));
        Assert.Empty(accumulator.Append("Smith about 3."));
        Assert.Empty(accumulator.Append("5 percent. "));
        Assert.Equal(["Ask Dr. Smith about 3.5 percent."], accumulator.Append("Then"));
    }

    [Fact]
    public void Releases_long_text_without_an_end_at_clause_boundaries()
    {
        var accumulator = new SentenceAccumulator(80);
        var released = accumulator.Append(
            "We keep talking without ever ending the sentence, adding clause after clause, and more words again and again");
        Assert.NotEmpty(released);
        Assert.All(released, s => Assert.True(s.Length <= 80));
        Assert.True(accumulator.PendingLength <= 80);
    }

    [Fact]
    public void Gives_the_same_sentences_as_splitting_the_whole_text()
    {
        const string text = "Thanks for joining. Let's start with arrays! What is a hash map, e.g. in Java? Explain O(n) vs. O(1).";
        var accumulator = new SentenceAccumulator(300);
        var streamed = new List<string>();
        foreach (var piece in text.Chunk(3))
        {
            streamed.AddRange(accumulator.Append(new string(piece)));
        }
        streamed.AddRange(accumulator.Flush());
        Assert.Equal(SentenceSplitter.Split(text, 300), streamed);
    }
}
