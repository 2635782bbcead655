using System.Collections.Frozen;

namespace Rehearse.Speech.Recognition.Turns;

/// <summary>
/// Tells backchannels ("yeah", "mm-hm", "got it") from words that take the turn. Moonshine writes "mm-hm" in several
/// ways ("Mm-hmm.", "Mhm.", "Uh-huh."), so the list holds the spellings it produces.
/// </summary>
public static class Backchannels
{
    private static readonly WordList Words = new(
        "yeah", "yes", "yep", "yup", "ya", "mm", "mmm", "mm-hm", "mm-hmm", "mhm", "mhmm", "hmm", "hm", "uh-huh", "uh", "um", "okay", "ok",
        "right", "sure", "true", "exactly", "cool", "alright", "oh", "ah", "aha", "wow", "nice", "great", "good", "absolutely",
        "definitely", "indeed", "totally", "interesting", "gotcha", "huh");

    // Two-word backchannels: the first word with the words that may follow it.
    private static readonly FrozenDictionary<string, WordList>.AlternateLookup<ReadOnlySpan<char>> Pairs = new Dictionary<string, string[]>
    {
        ["got"] = ["it"],
        ["i"] = ["see", "know"],
        ["all"] = ["right"],
        ["makes"] = ["sense"],
        // Moonshine often writes "Makes sense." as "Make sense.".
        ["make"] = ["sense"],
        ["of"] = ["course"],
        ["for"] = ["sure"],
        ["that's"] = ["right", "true", "fair", "great", "interesting"],
        ["fair"] = ["enough"],
        ["sounds"] = ["good", "great"],
        ["very"] = ["good", "true", "interesting"],
    }.ToFrozenDictionary(pair => pair.Key, pair => new WordList(pair.Value), StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="text"/> holds a word that is not part of a backchannel: speech that takes the turn.</summary>
    /// <param name="text">The words heard.</param>
    /// <param name="speechGoesOn">
    /// The words are of speech still going on: a last word that may begin a two-word backchannel ("got", "makes", "I")
    /// decides nothing yet, since the next word may complete it ("got it") or not ("got a").
    /// </param>
    public static bool HasTurnWord(string text, bool speechGoesOn = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan();
        WordList? expectedNext = null;
        foreach (var word in TurnWords.Enumerate(span))
        {
            var current = word.In(span);
            if (expectedNext is not null && expectedNext.Contains(current))
            {
                expectedNext = null;
                continue;
            }
            if (expectedNext is not null)
            {
                return true;
            }
            if (Words.Contains(current))
            {
                continue;
            }
            if (!Pairs.TryGetValue(current, out expectedNext))
            {
                return true;
            }
        }
        // A pair's first word alone ("I", "got") at the end of an utterance is the start of something else.
        return expectedNext is not null && !speechGoesOn;
    }
}
