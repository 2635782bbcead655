using Rehearse.Speech.Synthesis.Phonemes;

namespace Rehearse.Speech.Synthesis.UnitTests.Phonemes;

public sealed class EspeakPhonemizerTests : IDisposable
{
    private readonly EspeakPhonemizer _phonemizer = new(new EspeakOptions { PoolSize = 2 }, "en-us");

    public void Dispose() => _phonemizer.Dispose();

    [Fact]
    public async Task Phonemizes_each_clause_separately()
    {
        var ipa = await _phonemizer.PhonemizeAsync(["hello world", "how are you", "the quick brown fox"], TestContext.Current.CancellationToken);
        Assert.Equal(["həlˈoʊ wˈɜːld", "hˈaʊ ɑːɹ juː", "ðə kwˈɪk bɹˈaʊn fˈɑːks"], ipa);
    }

    [Fact]
    public async Task Keeps_answers_in_step_when_a_text_has_no_sound_or_several_clauses()
    {
        // Empty text gives no output line and "Doctor. Smith" gives two: the sentinel keeps the answers aligned.
        var ipa = await _phonemizer.PhonemizeAsync(["", "...", "Dr. Smith went home", "hello"], TestContext.Current.CancellationToken);
        Assert.Equal("", ipa[0]);
        Assert.Equal("", ipa[1]);
        Assert.Equal("dˈɑːktɚ smˈɪθ wɛnt hˈoʊm", ipa[2]);
        Assert.Equal("həlˈoʊ", ipa[3]);
    }

    [Fact]
    public async Task Ignores_phoneme_input_and_line_breaks_in_text()
    {
        // Inside [[ ]] espeak-ng would read phoneme codes (and the text could fake the sentinel); as plain text the
        // letters are spelled out instead.
        var ipa = await _phonemizer.PhonemizeAsync(["[[h h h h h h h h]] hello\nworld", "hello"], TestContext.Current.CancellationToken);
        Assert.StartsWith("ˈeɪtʃ", ipa[0], StringComparison.Ordinal);
        Assert.EndsWith("həlˈoʊ wˈɜːld", ipa[0], StringComparison.Ordinal);
        Assert.DoesNotContain("h h", ipa[0], StringComparison.Ordinal);
        Assert.Equal("həlˈoʊ", ipa[1]);
    }

    [Fact]
    public async Task Phonemizes_text_longer_than_an_espeak_line_without_cutting_words()
    {
        var text = string.Join(' ', Enumerable.Repeat("internationalization", 120));
        var ipa = await _phonemizer.PhonemizeAsync([text], TestContext.Current.CancellationToken);
        var words = ipa[0].Split(' ');
        Assert.Equal(120, words.Length);
        Assert.All(words, w => Assert.Equal("ˌɪntɚnˌæʃənəlᵻzˈeɪʃən", w));
    }

    [Fact]
    public async Task Replaces_a_crashed_process_and_answers()
    {
        Assert.True(_phonemizer.KillOneIdleProcessForTesting());
        for (var i = 0; i < 4; i++)
        {
            var ipa = await _phonemizer.PhonemizeAsync(["hello"], TestContext.Current.CancellationToken);
            Assert.Equal("həlˈoʊ", ipa[0]);
        }
        Assert.Equal(1, _phonemizer.Restarts);
    }

    [Fact]
    public async Task Serves_concurrent_callers_with_their_own_answers()
    {
        var words = new[] { "one", "two", "three", "four", "five", "six", "seven", "eight" };
        var expected = (await _phonemizer.PhonemizeAsync(words, TestContext.Current.CancellationToken)).ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            var word = i % words.Length;
            var ipa = await _phonemizer.PhonemizeAsync([words[word]], TestContext.Current.CancellationToken);
            return (word, ipa[0]);
        }));
        Assert.All(results, r => Assert.Equal(expected[r.word], r.Item2));
    }

    [Fact]
    public void Refuses_to_start_with_a_missing_executable()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => new EspeakPhonemizer(new EspeakOptions { ExecutablePath = "/nonexistent/espeak-ng" }, "en-us"));
        Assert.Contains("ExecutablePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_start_with_an_unknown_voice()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EspeakPhonemizer(new EspeakOptions { PoolSize = 1 }, "xx-nonexistent"));
        Assert.Contains("xx-nonexistent", error.Message, StringComparison.Ordinal);
    }
}
