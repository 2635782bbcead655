namespace Rehearse.Speech.Synthesis.Text;

/// <summary>
/// Cuts text into sentences as written (before normalisation), so each can be synthesized and streamed on its
/// own. A period ends a sentence only when whitespace follows and the next word does not continue it
/// (abbreviations such as "Dr." or "e.g.", initials, numbered list items, decimals and domain names do not
/// end sentences); blank lines and list items also end one. Sentences longer than the limit are cut at the
/// last clause boundary (<c>; : -</c>, then a comma, then a space) before it.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> NonTerminalAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "mr", "mrs", "ms", "prof", "jr", "sr", "st", "vs", "e.g", "i.e", "a.k.a", "approx", "fig", "mt", "ave",
        "dept", "no", "cf", "ca", "resp", "sec", "u.s", "u.k", "min", "max", "ph.d", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    /// <summary>Splits a whole text; every piece is at most <paramref name="maxCharacters"/> long.</summary>
    public static IReadOnlyList<string> Split(string text, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var start = 0;
        foreach (var end in FindBoundaries(text, isFinal: true))
        {
            AddSentence(sentences, text[start..end], maxCharacters);
            start = end;
        }
        AddSentence(sentences, text[start..], maxCharacters);
        return sentences;
    }

    /// <summary>
    /// The end offsets (exclusive) of the sentences in <paramref name="text"/> that are known to be complete.
    /// When <paramref name="isFinal"/> is false, a terminator at the very end is not yet a boundary: the next
    /// fragment may show it to be an abbreviation or a decimal point.
    /// </summary>
    internal static List<int> FindBoundaries(string text, bool isFinal)
    {
        var boundaries = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' or '\u2026')
            {
                var j = i + 1;
                while (j < text.Length && text[j] is '.' or '!' or '?' or '\u2026' or '"' or '\'' or '\u201D' or '\u2019' or ')' or ']')
                {
                    j++;
                }
                var k = j;
                while (k < text.Length && char.IsWhiteSpace(text[k]))
                {
                    k++;
                }
                if (k == text.Length)
                {
                    // Nothing follows yet: a boundary only once the text is known to be complete.
                    if (isFinal)
                    {
                        boundaries.Add(j);
                    }
                    break;
                }
                if (k > j && !(c == '.' && ContinuesAfterPeriod(text, i, text[k])))
                {
                    boundaries.Add(j);
                }
                i = k;
                continue;
            }
            if (c == '\n' && StartsNewBlock(text, i + 1, isFinal) && HasWords(text, boundaries.Count == 0 ? 0 : boundaries[^1], i))
            {
                boundaries.Add(i + 1);
            }
            i++;
        }
        return boundaries;
    }

    /// <summary>Cuts <paramref name="sentence"/> into pieces of at most <paramref name="maxCharacters"/>.</summary>
    internal static IEnumerable<string> SplitLong(string sentence, int maxCharacters)
    {
        var rest = sentence.Trim();
        while (rest.Length > maxCharacters)
        {
            var cut = FindCut(rest, maxCharacters);
            yield return rest[..cut].Trim();
            rest = rest[cut..].Trim();
        }
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    private static int FindCut(string text, int maxCharacters)
    {
        var minimum = maxCharacters / 3;
        int Last(Func<int, bool> isCut)
        {
            for (var i = maxCharacters - 1; i >= minimum; i--)
            {
                if (isCut(i))
                {
                    return i + 1;
                }
            }
            return -1;
        }
        bool FollowedBySpace(int i) => i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]);
        var cut = Last(i => text[i] is ';' or ':' or '\u2014' or '\u2013' && FollowedBySpace(i));
        if (cut < 0)
        {
            cut = Last(i => text[i] == '-' && i > 0 && text[i - 1] == ' ' && FollowedBySpace(i));
        }
        if (cut < 0)
        {
            cut = Last(i => text[i] == ',' && FollowedBySpace(i));
        }
        if (cut < 0)
        {
            cut = Last(i => char.IsWhiteSpace(text[i]));
        }
        return cut < 0 ? maxCharacters : cut;
    }

    private static void AddSentence(List<string> sentences, string piece, int maxCharacters)
    {
        foreach (var part in SplitLong(piece, maxCharacters))
        {
            if (HasWords(part, 0, part.Length))
            {
                sentences.Add(part);
            }
        }
    }

    internal static bool HasWords(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    // "Dr. Smith", "e.g. this", "J. Smith", "1. First item": the period does not end the sentence.
    private static bool ContinuesAfterPeriod(string text, int period, char next)
    {
        if (char.IsLower(next))
        {
            return true;
        }
        var start = period;
        while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }
        var word = text[start..period];
        if (word.Length == 0)
        {
            return false;
        }
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true;
        }
        if (NonTerminalAbbreviations.Contains(word))
        {
            return true;
        }
        // A number alone at the start of a line is a list item ("1. First"), not the end of a sentence.
        if (word.All(char.IsAsciiDigit))
        {
            var lineStart = start;
            while (lineStart > 0 && text[lineStart - 1] is ' ' or '\t')
            {
                lineStart--;
            }
            return lineStart == 0 || text[lineStart - 1] == '\n';
        }
        return false;
    }

    // A blank line or a list item after a line break starts a new block of text.
    private static bool StartsNewBlock(string text, int index, bool isFinal)
    {
        var i = index;
        while (i < text.Length && text[i] is ' ' or '\t' or '\r')
        {
            i++;
        }
        if (i >= text.Length)
        {
            return isFinal;
        }
        if (text[i] == '\n')
        {
            return true;
        }
        if (text[i] is '-' or '*' or '\u2022' or '#' or '>')
        {
            return true;
        }
        var digits = i;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }
        return digits > i && digits < text.Length && text[digits] is '.' or ')';
    }
}
