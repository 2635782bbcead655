using System.Collections.Frozen;

namespace Rehearse.Speech.Recognition.Turns;

/// <summary>
/// Tells backchannels ("yeah", "mm-hm", "got it") from words that take the turn. Moonshine writes "mm-hm" in several
/// ways ("Mm-hmm.", "Mhm.", "Uh-huh."), so the list holds the spellings it produces.
/// </summary>
public static class Backchannels
{
    private static readonly FrozenSet<string> Words = new[]
    {
        "yeah", "yes", "yep", "yup", "ya", "mm", "mmm", "mm-hm", "mm-hmm", "mhm", "mhmm", "hmm", "hm", "uh-huh", "uh", "um", "okay", "ok",
        "right", "sure", "true", "exactly", "cool", "alright", "oh", "ah", "aha", "wow", "nice", "great", "good", "absolutely",
        "definitely", "indeed", "totally", "interesting", "gotcha", "huh",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Two-word backchannels: the first word with the words that may follow it.
    private static readonly FrozenDictionary<string, FrozenSet<string>> Pairs = new Dictionary<string, string[]>
    {
        ["got"] = ["it"],
        ["i"] = ["see", "know"],
        ["all"] = ["right"],
        ["makes"] = ["sense"],
        ["of"] = ["course"],
        ["for"] = ["sure"],
        ["that's"] = ["right", "true", "fair", "great", "interesting"],
        ["fair"] = ["enough"],
        ["sounds"] = ["good", "great"],
        ["very"] = ["good", "true", "interesting"],
    }.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToFrozenSet(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="text"/> holds a word that is not part of a backchannel: speech that takes the turn.</summary>
    public static bool HasTurnWord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan();
        var words = Words.GetAlternateLookup<ReadOnlySpan<char>>();
        var pairs = Pairs.GetAlternateLookup<ReadOnlySpan<char>>();
        FrozenSet<string>? expectedNext = null;
        foreach (var word in TurnWords.Enumerate(span))
        {
            var current = word.In(span);
            if (expectedNext is not null && expectedNext.GetAlternateLookup<ReadOnlySpan<char>>().Contains(current))
            {
                expectedNext = null;
                continue;
            }
            if (expectedNext is not null)
            {
                return true;
            }
            if (words.Contains(current))
            {
                continue;
            }
            if (!pairs.TryGetValue(current, out expectedNext))
            {
                return true;
            }
        }
        // A pair's first word alone ("I", "got") is the start of something else.
        return expectedNext is not null;
    }
}
