using System.Text.RegularExpressions;

namespace Rehearse.Interview.Interviewers.Text;

/// <summary>Word tokens and light stemming, shared by key-point matching, tailoring and analytics.</summary>
public static partial class TextTokens
{
    /// <summary>Lower-case words of a text; keeps technical spellings such as "c#", "c++", "node.js", "ci/cd" and "p99".</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = WordPattern().Matches(text.ToLowerInvariant());
        var words = new List<string>(matches.Count);
        foreach (Match match in matches)
        {
            // A trailing dot belongs to the sentence, not the word ("node.js." -> "node.js").
            words.Add(match.Value.TrimEnd('.', '-', '/'));
        }

        return words;
    }

    /// <summary>Stems of the words of a text.</summary>
    public static string[] Stems(string text) => Words(text).Select(Stem).ToArray();

    /// <summary>
    /// A light suffix-stripping stemmer: enough for "caching"/"cached"/"caches" to meet "cache" and "indexes" to meet
    /// "index". It is applied to both sides of every comparison, so its stems only have to be consistent.
    /// </summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var w = word.Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal);
        if (w.Length <= 3 || !char.IsLetter(w[^1]))
        {
            return w;
        }

        foreach (var (suffix, replacement) in Suffixes)
        {
            if (w.Length - suffix.Length >= 3 && w.EndsWith(suffix, StringComparison.Ordinal))
            {
                w = w[..^suffix.Length] + replacement;
                break;
            }
        }

        // "cach" (from caching) and "cache" must meet: drop a final silent e and a doubled consonant.
        if (w.Length > 3 && w[^1] == 'e')
        {
            w = w[..^1];
        }

        if (w.Length > 3 && w[^1] == w[^2] && !"aeiousl".Contains(w[^1], StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        return w;
    }

    /// <summary>Splits a text into sentences at ., ! and ? (spoken transcripts are punctuated by the recognizer).</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SentencePattern().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
    }

    /// <summary>True when the stems of <paramref name="phrase"/> occur in order, next to each other, in <paramref name="stems"/>.</summary>
    public static bool ContainsPhrase(IReadOnlyList<string> stems, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0 || phrase.Count > stems.Count)
        {
            return false;
        }

        for (var i = 0; i + phrase.Count <= stems.Count; i++)
        {
            var match = true;
            for (var j = 0; j < phrase.Count && match; j++)
            {
                match = stems[i + j] == phrase[j];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for common English words that carry no topic (for keyword extraction).</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    // Longest first, so "ations" wins over "s".
    private static readonly (string Suffix, string Replacement)[] Suffixes =
    [
        ("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("ations", "ate"), ("ation", "ate"),
        ("nesses", ""), ("ness", ""), ("ments", ""), ("ment", ""), ("ingly", ""), ("edly", ""),
        ("ities", ""), ("ity", ""), ("ively", "ive"), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ers", ""),
        ("er", ""), ("ed", ""), ("ly", ""), ("es", ""), ("s", ""),
    ];

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
        "done", "down", "during", "each", "etc", "few", "for", "from", "further", "get", "gets", "got", "had", "has",
        "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it",
        "its", "itself", "just", "like", "make", "makes", "me", "more", "most", "my", "no", "nor", "not", "of",
        "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she",
        "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
        "this", "those", "through", "to", "too", "under", "until", "up", "us", "use", "used", "using", "very",
        "via", "was", "we", "well", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
        "with", "would", "you", "your", "yours", "able", "across", "within", "without", "work", "working", "team",
        "teams", "strong", "experience", "years", "year", "role", "including", "include", "includes", "new",
        "good", "great", "ability", "skills", "skill", "plus", "must", "may", "might", "per", "need", "needs",
        "want", "join", "looking", "help", "ensure", "build", "building", "company", "candidate", "responsibilities",
        "requirements", "preferred", "knowledge", "understanding", "familiarity", "excellent", "e.g", "i.e",
        "we're", "you'll", "you're", "it's", "don't", "i'm", "i've", "we've", "let", "lot", "really", "thing",
        "things", "way", "ways", "want", "know", "think", "say", "said", "going", "go", "yes", "yeah", "okay",
    };

    [GeneratedRegex(@"[a-z0-9][a-z0-9#+'’]*(?:[./-][a-z0-9#+]+)*[#+]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentencePattern();
}
