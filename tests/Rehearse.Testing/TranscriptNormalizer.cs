using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rehearse.Testing;

/// <summary>
/// Brings a reference and a recognizer transcript to one style before they are compared: lower case, punctuation
/// and hesitation fillers removed, numbers written as words (references spell them out, Moonshine writes digits),
/// unambiguous contractions written out ("you're" and "you are" are the same words spoken; 's and 'd, which
/// stand for more than one word, are left as they are), and common British spellings in their American form
/// (LibriSpeech references keep the books' "counselled"; Moonshine writes "counseled"), as the normaliser behind
/// the published LibriSpeech figures does.
/// </summary>
public static partial class TranscriptNormalizer
{
    private static readonly HashSet<string> Fillers = ["uh", "um", "uhm", "umm", "er", "erm", "ah", "hmm", "mm", "mhm"];

    private static readonly Dictionary<string, string> AmericanSpellings = BuildAmericanSpellings(
        ["colour", "honour", "favour", "labour", "neighbour", "behaviour", "harbour", "humour", "rumour", "vapour", "odour", "valour", "vigour", "splendour", "parlour", "armour", "endeavour"],
        ["counselled", "travelled", "cancelled", "labelled", "modelled", "quarrelled", "levelled", "marvelled", "jewelled", "travelling", "cancelling", "counselling", "quarrelling", "traveller", "counsellor"],
        ["centre", "theatre", "metre", "litre", "fibre", "sombre", "spectre", "sabre", "meagre"],
        [("grey", "gray"), ("plough", "plow"), ("defence", "defense"), ("offence", "offense"), ("programme", "program"), ("jewellery", "jewelry"), ("catalogue", "catalog"), ("cheque", "check"), ("whisky", "whiskey"), ("mould", "mold"), ("moustache", "mustache")]);

    private static readonly string[] Ones =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    /// <summary>The words of <paramref name="text"/> in the comparison style.</summary>
    public static IReadOnlyList<string> Words(string text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary><paramref name="text"/> in the comparison style, words separated by single spaces.</summary>
    public static string Normalize(string text)
    {
        var lowered = text.ToLowerInvariant().Replace('’', '\'');
        lowered = Percent().Replace(lowered, m => $"{m.Groups[1].Value} percent");
        lowered = Currency().Replace(lowered, m => $"{m.Groups[1].Value} dollars");
        lowered = Ordinal().Replace(lowered, m => OrdinalWords(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        lowered = Decimal().Replace(lowered, m => $"{m.Groups[1].Value} point {DigitWords(m.Groups[2].Value)}");
        lowered = Number().Replace(lowered, m => NumberWords(m.Value.Replace(",", "", StringComparison.Ordinal)));
        lowered = Contraction().Replace(lowered, m => ExpandContraction(m.Groups[1].Value, m.Groups[2].Value));

        var builder = new StringBuilder(lowered.Length);
        foreach (var c in lowered)
        {
            // Apostrophes stay inside words ("it's"); every other punctuation mark separates words.
            builder.Append(char.IsLetterOrDigit(c) || c == '\'' ? c : ' ');
        }
        var words = builder.ToString()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim('\''))
            .Where(word => word.Length > 0 && !Fillers.Contains(word))
            .Select(word => AmericanSpellings.GetValueOrDefault(word, word));
        return string.Join(' ', words);
    }

    /// <summary>-our words lose the u, doubled-l forms lose an l, -re words turn to -er; plus irregular pairs, each with a plural.</summary>
    private static Dictionary<string, string> BuildAmericanSpellings(string[] our, string[] doubledL, string[] re, (string British, string American)[] pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string british, string american)
        {
            map[british] = american;
            map[british + "s"] = american + "s";
        }
        foreach (var word in our)
        {
            Add(word, word.Replace("our", "or", StringComparison.Ordinal));
        }
        foreach (var word in doubledL)
        {
            Add(word, word.Replace("ll", "l", StringComparison.Ordinal));
        }
        foreach (var word in re)
        {
            Add(word, word[..^2] + "er");
        }
        foreach (var (british, american) in pairs)
        {
            Add(british, american);
        }
        return map;
    }

    private static string ExpandContraction(string stem, string suffix) => suffix switch
    {
        // The stem before n't is "wo", "ca" and "sha" in won't, can't and shan't.
        "n't" when stem == "wo" => "will not",
        "n't" when stem == "ca" => "can not",
        "n't" when stem == "sha" => "shall not",
        "n't" => stem + " not",
        "'re" => stem + " are",
        "'m" => stem + " am",
        "'ve" => stem + " have",
        "'ll" => stem + " will",
        _ => stem + suffix,
    };

    private static string NumberWords(string digits)
    {
        if (digits.Length > 15)
        {
            return DigitWords(digits);
        }
        var value = long.Parse(digits, CultureInfo.InvariantCulture);
        // Years are read in pairs ("nineteen sixty one"); 2000-2099 as "two thousand and twenty two".
        if (digits.Length == 4 && value is >= 1100 and <= 1999 && value % 100 != 0)
        {
            return $"{Cardinal(value / 100)} {(value % 100 < 10 ? "oh " + Ones[value % 100] : Cardinal(value % 100))}";
        }
        return Cardinal(value);
    }

    private static string DigitWords(string digits) => string.Join(' ', digits.Select(d => Ones[d - '0']));

    private static string Cardinal(long value)
    {
        if (value < 20)
        {
            return Ones[value];
        }
        if (value < 100)
        {
            return value % 10 == 0 ? Tens[value / 10] : $"{Tens[value / 10]} {Ones[value % 10]}";
        }
        (long Size, string Name)[] scales = [(1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"), (100, "hundred")];
        foreach (var (size, name) in scales)
        {
            if (value >= size)
            {
                var rest = value % size;
                var head = $"{Cardinal(value / size)} {name}";
                return rest == 0 ? head : rest < 100 ? $"{head} and {Cardinal(rest)}" : $"{head} {Cardinal(rest)}";
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value));
    }

    private static string OrdinalWords(long value)
    {
        var words = Cardinal(value);
        var last = words.LastIndexOf(' ') + 1;
        var tail = words[last..] switch
        {
            "one" => "first", "two" => "second", "three" => "third", "five" => "fifth", "eight" => "eighth",
            "nine" => "ninth", "twelve" => "twelfth",
            var w when w.EndsWith('y') => w[..^1] + "ieth",
            var w => w + "th",
        };
        return words[..last] + tail;
    }

    [GeneratedRegex(@"\b([a-z]+?)(n't|'re|'m|'ve|'ll)\b")]
    private static partial Regex Contraction();

    [GeneratedRegex(@"(\d[\d,.]*)\s*%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"\$\s*(\d[\d,.]*)")]
    private static partial Regex Currency();

    [GeneratedRegex(@"\b(\d+)(?:st|nd|rd|th)\b")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"(\d+)\.(\d+)")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"\d{1,3}(?:,\d{3})+|\d+")]
    private static partial Regex Number();
}
