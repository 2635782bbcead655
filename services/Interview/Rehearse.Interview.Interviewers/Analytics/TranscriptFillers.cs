namespace Rehearse.Interview.Interviewers.Analytics;

/// <summary>
/// Counts filler words and phrases in a transcript. Words that are fillers only in some uses ("like", "you know",
/// "I mean", "kind of", "sort of") are counted only where the context shows the filler use: "I like Go",
/// "a kind of cache" and "you know the answer" are not fillers; "it was, like, slow", "and like we…" and
/// "you know, it…" are.
/// </summary>
public static class TranscriptFillers
{
    /// <summary>Name under which audio-detected hesitations are reported.</summary>
    public const string AudioHesitation = "uh/um (audio)";

    private static readonly Dictionary<string, string> Hesitations = new(StringComparer.Ordinal)
    {
        ["um"] = "um", ["umm"] = "um", ["uhm"] = "um", ["hmm"] = "um", ["mm"] = "um", ["erm"] = "um",
        ["uh"] = "uh", ["uhh"] = "uh", ["er"] = "uh", ["ah"] = "uh", ["eh"] = "uh",
    };

    private static readonly HashSet<string> AlwaysFillers = new(StringComparer.Ordinal) { "basically", "actually", "literally" };

    private static readonly HashSet<string> Determiners = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "this", "that", "what", "which", "any", "some", "every", "one", "same", "different",
        "all", "these", "those", "no", "each", "another", "whatever", "certain", "particular", "other", "right",
    };

    // After these, "like" is a verb or a comparison ("I like", "would like", "looks like", "something like").
    private static readonly HashSet<string> LikeAsWord = new(StringComparer.Ordinal)
    {
        "i", "you", "we", "they", "he", "she", "it", "would", "i'd", "we'd", "you'd", "don't", "didn't",
        "doesn't", "to", "really", "also", "not", "look", "looks", "looked", "looking", "sound", "sounds",
        "sounded", "feel", "feels", "felt", "seem", "seems", "something", "anything", "nothing", "things", "thing",
        "more", "less", "much", "just", "exactly", "lot", "stuff", "people", "tools", "languages", "do", "does",
        "did", "who", "might", "will", "i'll", "we'll", "they'd", "dislike", "likes",
    };

    private static readonly HashSet<string> KnowObjects = new(StringComparer.Ordinal)
    {
        "that", "what", "how", "why", "where", "when", "who", "whether", "if", "the", "a", "an", "about", "it",
        "him", "her", "them", "this", "those", "these", "my", "your", "our", "their", "his", "its", "more",
        "anything", "something", "everything", "nothing", "everyone", "someone", "any", "some", "each", "all",
    };

    private static readonly HashSet<string> KnowSubjects = new(StringComparer.Ordinal)
    {
        "do", "did", "don't", "didn't", "if", "would", "will", "might", "may", "could", "should", "to", "let",
        "as", "whether", "doesn't", "want", "need",
    };

    /// <summary>Fillers in the text by kind (um, uh, like, you know, …), most frequent first.</summary>
    public static IReadOnlyList<FillerCount> Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenize(text);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string filler) => counts[filler] = counts.GetValueOrDefault(filler) + 1;

        for (var i = 0; i < tokens.Count; i++)
        {
            var word = tokens[i].Word;
            var previous = i > 0 ? tokens[i - 1].Word : null;
            var next = i + 1 < tokens.Count ? tokens[i + 1].Word : null;
            var boundaryBefore = i == 0 || tokens[i - 1].PauseAfter;
            var boundaryAfter = tokens[i].PauseAfter;

            if (Hesitations.TryGetValue(word, out var hesitation))
            {
                Add(hesitation);
            }
            else if (AlwaysFillers.Contains(word))
            {
                Add(word);
            }
            else if (word == "like" && IsFillerLike(previous, next, boundaryBefore, boundaryAfter))
            {
                Add("like");
            }
            else if (word == "you" && next == "know" && IsFillerYouKnow(tokens, i, previous, boundaryBefore))
            {
                Add("you know");
                i++;
            }
            else if (word == "i" && next == "mean" && IsFillerIMean(tokens, i, boundaryBefore))
            {
                Add("i mean");
                i++;
            }
            else if (word is "kind" or "sort" && next == "of" && (previous is null || !Determiners.Contains(previous))
                     && !(previous is "of") && i + 2 < tokens.Count)
            {
                Add(word + " of");
                i++;
            }
        }

        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new FillerCount(c.Key, c.Value)).ToArray();
    }

    private static bool IsFillerLike(string? previous, string? next, bool boundaryBefore, bool boundaryAfter)
    {
        // ", like," or "like," is a filler; "like" before a hesitation or another filler is too.
        if (boundaryAfter || next is "um" or "uh" or "you" && boundaryBefore || next == "like")
        {
            return true;
        }

        if (previous is null || boundaryBefore)
        {
            // Clause-initial: "Like I said" and "like the…" compare; "like, we…" was caught above.
            return false;
        }

        if (LikeAsWord.Contains(previous))
        {
            return false;
        }

        // "and like we…", "so like the…", "was like really…" are fillers; "is like a…" compares.
        return previous is "and" or "so" or "but" or "or" or "was" or "were" or "it's" or "is" or "just"
            && (next is null || !Determiners.Contains(next) || previous is "and" or "so" or "but");
    }

    private static bool IsFillerYouKnow(List<Token> tokens, int i, string? previous, bool boundaryBefore)
    {
        if (previous is not null && KnowSubjects.Contains(previous) && !boundaryBefore)
        {
            return false;
        }

        var knowToken = tokens[i + 1];
        if (knowToken.PauseAfter || i + 2 >= tokens.Count)
        {
            return true;
        }

        return !KnowObjects.Contains(tokens[i + 2].Word);
    }

    private static bool IsFillerIMean(List<Token> tokens, int i, bool boundaryBefore)
    {
        var meanToken = tokens[i + 1];
        if (meanToken.PauseAfter)
        {
            return true;
        }

        var after = i + 2 < tokens.Count ? tokens[i + 2].Word : null;
        return boundaryBefore && after is not ("that" or "it" or "to" or "what" or "by" or "you" or "is");
    }

    private readonly record struct Token(string Word, bool PauseAfter);

    // Words with a flag for punctuation after them (comma, dash, full stop…), which marks the filler use.
    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var lower = text.ToLowerInvariant();
        var i = 0;
        while (i < lower.Length)
        {
            if (!char.IsLetterOrDigit(lower[i]))
            {
                if (tokens.Count > 0 && lower[i] is ',' or '.' or ';' or ':' or '!' or '?' or '—' or '–' or '…' or '-' && !(lower[i] == '-' && i > 0 && char.IsLetter(lower[i - 1])))
                {
                    tokens[^1] = tokens[^1] with { PauseAfter = true };
                }

                i++;
                continue;
            }

            var start = i;
            while (i < lower.Length && (char.IsLetterOrDigit(lower[i]) || lower[i] is '\'' or '’'))
            {
                i++;
            }

            tokens.Add(new Token(lower[start..i].Replace('’', '\''), false));
        }

        return tokens;
    }
}
