using System.Text.RegularExpressions;

namespace Rehearse.Interview.Interviewers.Coding;

/// <summary>A growth class of a complexity, from constant to factorial.</summary>
public enum ComplexityClass
{
    /// <summary>O(1).</summary>
    Constant,

    /// <summary>O(log n).</summary>
    Logarithmic,

    /// <summary>O(n), and sums of variables such as O(n + m) or O(V + E).</summary>
    Linear,

    /// <summary>O(n log n), O(n log k).</summary>
    Linearithmic,

    /// <summary>O(n²), and products of two variables such as O(m · n).</summary>
    Quadratic,

    /// <summary>O(n³) and products of three variables.</summary>
    Cubic,

    /// <summary>O(2ⁿ).</summary>
    Exponential,

    /// <summary>O(n!).</summary>
    Factorial,
}

/// <summary>A complexity stated in a text: its class, whether it was about space, and where it was said.</summary>
/// <param name="Class">The growth class.</param>
/// <param name="IsSpace">True when the words around it speak of space or memory rather than time.</param>
/// <param name="Position">Index of the mention in the text.</param>
/// <param name="AboutBruteForce">True when its sentence speaks of a brute-force or naive approach.</param>
public sealed record StatedComplexity(ComplexityClass Class, bool IsSpace, int Position, bool AboutBruteForce)
{
    /// <summary>The class in big-O notation.</summary>
    public string Notation => ComplexityParser.Notation(Class);
}

/// <summary>
/// Finds complexities in a transcript or a problem's expected complexity: big-O as written ("O(n log n)",
/// "O(m * n)"), as spoken ("O of n squared", "big oh of log n") and in words ("linear", "quadratic", "constant
/// space", "n log n").
/// </summary>
public static partial class ComplexityParser
{
    /// <summary>The class in big-O notation.</summary>
    public static string Notation(ComplexityClass complexity) => complexity switch
    {
        ComplexityClass.Constant => "O(1)",
        ComplexityClass.Logarithmic => "O(log n)",
        ComplexityClass.Linear => "O(n)",
        ComplexityClass.Linearithmic => "O(n log n)",
        ComplexityClass.Quadratic => "O(n^2)",
        ComplexityClass.Cubic => "O(n^3)",
        ComplexityClass.Exponential => "O(2^n)",
        _ => "O(n!)",
    };

    /// <summary>The class of the first complexity in <paramref name="text"/> (e.g. a problem's "O(n) per operation"), or null.</summary>
    public static ComplexityClass? ParseFirst(string text) => FindAll(text).FirstOrDefault()?.Class;

    /// <summary>
    /// The time complexity a candidate stated for their solution: the last time complexity said outside talk of a brute
    /// force (candidates often start from the brute force and improve on it), else the last one said; null when none.
    /// </summary>
    public static StatedComplexity? StatedTime(string transcript)
    {
        var time = FindAll(transcript).Where(c => !c.IsSpace).ToList();
        return time.LastOrDefault(c => !c.AboutBruteForce) ?? time.LastOrDefault();
    }

    /// <summary>Every complexity in a text, in order.</summary>
    public static IReadOnlyList<StatedComplexity> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        var found = new List<StatedComplexity>();
        var taken = new List<(int Start, int End)>();
        foreach (Match match in BigO().Matches(lower))
        {
            if (ClassOf(match.Groups["expr"].Value) is { } complexity)
            {
                found.Add(Mention(lower, complexity, match.Index, match.Length));
                taken.Add((match.Index, match.Index + match.Length));
            }
        }

        foreach (Match match in Named().Matches(lower))
        {
            if (taken.Any(t => match.Index < t.End && match.Index + match.Length > t.Start))
            {
                continue;
            }

            var complexity = NamedClass(match.Groups["name"].Value);
            found.Add(Mention(lower, complexity, match.Index, match.Length));
        }

        return found.OrderBy(f => f.Position).ToArray();
    }

    private static StatedComplexity Mention(string text, ComplexityClass complexity, int index, int length)
    {
        // The few words after a mention ("O(n) space", "constant extra memory") or just before ("space is O(n)").
        var after = text.Substring(index + length, Math.Min(30, text.Length - index - length));
        var before = text.Substring(Math.Max(0, index - 20), Math.Min(20, index));
        var afterWords = after.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3);
        var isSpace = afterWords.Any(IsSpaceWord) || (!afterWords.Any(w => w.StartsWith("time", StringComparison.Ordinal)) && SpaceBefore().IsMatch(before));
        var sentenceStart = Math.Max(text.LastIndexOfAny(['.', '?', '!'], Math.Max(0, index - 1)) + 1, 0);
        var sentenceEnd = text.IndexOfAny(['.', '?', '!'], index + length);
        var sentence = text[sentenceStart..(sentenceEnd < 0 ? text.Length : sentenceEnd)];
        return new StatedComplexity(complexity, isSpace, index, BruteForce().IsMatch(sentence));
    }

    private static bool IsSpaceWord(string word) => word.StartsWith("space", StringComparison.Ordinal) || word.StartsWith("memory", StringComparison.Ordinal);

    /// <summary>The class of a big-O argument as written or spoken: "n log n", "m*n", "n squared", "2^n", "1".</summary>
    internal static ComplexityClass? ClassOf(string expression)
    {
        var e = Spoken(expression);
        if (e.Length == 0)
        {
            return null;
        }

        if (e.Contains('!', StringComparison.Ordinal))
        {
            return ComplexityClass.Factorial;
        }

        if (Exponential().IsMatch(e))
        {
            return ComplexityClass.Exponential;
        }

        // The degree of the fastest-growing term of a sum: a product of variables (or a power) adds up its factors.
        var degree = 0;
        var logarithmic = false;
        foreach (var term in e.Split('+', StringSplitOptions.RemoveEmptyEntries))
        {
            var termDegree = 0;
            var termLog = false;
            foreach (Match factor in Factor().Matches(term))
            {
                if (factor.Groups["log"].Success)
                {
                    termLog = true;
                    continue;
                }

                if (factor.Groups["var"].Success)
                {
                    termDegree += factor.Groups["pow"].Success ? int.Parse(factor.Groups["pow"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
                }
            }

            if (termDegree > degree || (termDegree == degree && termLog))
            {
                degree = termDegree;
                logarithmic = termLog;
            }
        }

        return (degree, logarithmic) switch
        {
            (0, false) => ComplexityClass.Constant,
            (0, true) => ComplexityClass.Logarithmic,
            (1, false) => ComplexityClass.Linear,
            (1, true) => ComplexityClass.Linearithmic,
            (2, _) => ComplexityClass.Quadratic,
            _ => ComplexityClass.Cubic,
        };
    }

    // Spoken big-O arguments in symbols: "n squared" → "n^2", "n times m" → "n*m", "one" → "1".
    private static string Spoken(string expression)
    {
        var e = $" {expression} ";
        foreach (var (words, symbol) in SpokenSymbols)
        {
            e = e.Replace(words, symbol, StringComparison.Ordinal);
        }

        // "nlogn" is "n log n".
        return WhiteSpace().Replace(e.Replace("log", " log ", StringComparison.Ordinal), " ").Trim();
    }

    private static readonly (string Words, string Symbol)[] SpokenSymbols =
    [
        (" squared", "^2"), (" cubed", "^3"), (" times ", " * "), (" plus ", " + "), (" by ", " * "),
        (" to the power of ", "^"), (" to the ", "^"), (" factorial", "!"), (" one ", " 1 "), (" two ", " 2 "),
        (" logarithm of ", " log "), (" log of ", " log "), (" logarithm ", " log "),
    ];

    private static ComplexityClass NamedClass(string name) => name switch
    {
        _ when name.StartsWith("constant", StringComparison.Ordinal) => ComplexityClass.Constant,
        _ when name.StartsWith("logarithmic", StringComparison.Ordinal) => ComplexityClass.Logarithmic,
        _ when name.StartsWith("log linear", StringComparison.Ordinal) || name.StartsWith("log-linear", StringComparison.Ordinal)
            || name.StartsWith("linearithmic", StringComparison.Ordinal) || name.Contains("log n", StringComparison.Ordinal) => ComplexityClass.Linearithmic,
        _ when name.StartsWith("linear", StringComparison.Ordinal) => ComplexityClass.Linear,
        _ when name.StartsWith("quadratic", StringComparison.Ordinal) || name.StartsWith("n squared", StringComparison.Ordinal) => ComplexityClass.Quadratic,
        _ when name.StartsWith("cubic", StringComparison.Ordinal) => ComplexityClass.Cubic,
        _ when name.StartsWith("exponential", StringComparison.Ordinal) => ComplexityClass.Exponential,
        _ => ComplexityClass.Factorial,
    };

    // "O(n log n)", "big oh of n squared", "o of n": written with parentheses, or spoken after "big O" or "O of" (a
    // bare "oh" is too common a word). A spoken argument runs over the words such arguments are made of.
    [GeneratedRegex(@"\b(?:(?:big[\s-]+)?(?:o|oh)\s*\((?<expr>[^()]{1,40})\)|(?:big[\s-]+(?:o|oh)\s+(?:of\s+)?|(?:o|oh)\s+of\s+)(?<expr>(?:(?:(?:log|logarithm)(?:\s+of)?|n|m|k|v|e|h|l|1|one|two|\d+|squared|cubed|times|plus|by|factorial|to the(?: power of)?)\b\s*|[\^*+!]\s*)+))", RegexOptions.CultureInvariant)]
    private static partial Regex BigO();

    [GeneratedRegex(@"\b(?<name>constant|logarithmic|log[\s-]linear|linearithmic|linear|quadratic|cubic|exponential|factorial|n log n|n squared)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Named();

    [GeneratedRegex(@"(?<log>\blog\b\s*\(?\s*(?:[a-z]+\b)?\s*\)?)|(?<var>[a-z]+)(?:\s*\^\s*(?<pow>\d))?", RegexOptions.CultureInvariant)]
    private static partial Regex Factor();

    [GeneratedRegex(@"\d\s*\^\s*[a-z]", RegexOptions.CultureInvariant)]
    private static partial Regex Exponential();

    [GeneratedRegex(@"(space|memory)\b[^.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceBefore();

    [GeneratedRegex(@"brute|naive|naively", RegexOptions.CultureInvariant)]
    private static partial Regex BruteForce();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
