using System.Globalization;
using System.Text;

namespace Rehearse.Speech.Synthesis.Text;

/// <summary>English words for numbers: cardinals, ordinals, years, decimals and digit strings.</summary>
internal static class NumberWords
{
    private static readonly string[] Ones =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens =
        ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly (long Value, string Name)[] Scales =
    [
        (1_000_000_000_000_000, "quadrillion"),
        (1_000_000_000_000, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
    ];

    private static readonly Dictionary<string, string> IrregularOrdinals = new(StringComparer.Ordinal)
    {
        ["one"] = "first", ["two"] = "second", ["three"] = "third", ["five"] = "fifth", ["eight"] = "eighth",
        ["nine"] = "ninth", ["twelve"] = "twelfth",
    };

    /// <summary>Longest digit run read as one number; longer runs are read digit by digit.</summary>
    public const int MaxCardinalDigits = 18;

    /// <summary>"one hundred twenty-three" for 123; "minus five" for -5.</summary>
    public static string Cardinal(long value)
    {
        if (value < 0)
        {
            return "minus " + Cardinal(-value);
        }
        if (value < 20)
        {
            return Ones[value];
        }
        if (value < 100)
        {
            var tens = Tens[value / 10];
            return value % 10 == 0 ? tens : $"{tens}-{Ones[value % 10]}";
        }
        if (value < 1000)
        {
            var hundreds = $"{Ones[value / 100]} hundred";
            return value % 100 == 0 ? hundreds : $"{hundreds} {Cardinal(value % 100)}";
        }
        foreach (var (scale, name) in Scales)
        {
            if (value >= scale)
            {
                var head = $"{Cardinal(value / scale)} {name}";
                return value % scale == 0 ? head : $"{head} {Cardinal(value % scale)}";
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>"twenty-first" for 21.</summary>
    public static string Ordinal(long value)
    {
        var cardinal = Cardinal(value);
        var split = Math.Max(cardinal.LastIndexOf(' '), cardinal.LastIndexOf('-')) + 1;
        var last = cardinal[split..];
        string ordinal;
        if (IrregularOrdinals.TryGetValue(last, out var irregular))
        {
            ordinal = irregular;
        }
        else if (last.EndsWith('y'))
        {
            ordinal = last[..^1] + "ieth";
        }
        else
        {
            ordinal = last + "th";
        }
        return cardinal[..split] + ordinal;
    }

    /// <summary>A year the way people say it: 1999 "nineteen ninety-nine", 2005 "two thousand five", 2024 "twenty twenty-four".</summary>
    public static string Year(int year)
    {
        if (year is < 1000 or > 9999)
        {
            return Cardinal(year);
        }
        var century = year / 100;
        var rest = year % 100;
        if (year % 1000 < 10 && century % 10 == 0)
        {
            // 2000-2009, 1000-1009: "two thousand five".
            return Cardinal(year);
        }
        if (rest == 0)
        {
            return $"{Cardinal(century)} hundred";
        }
        return rest < 10
            ? $"{Cardinal(century)} oh {Ones[rest]}"
            : $"{Cardinal(century)} {Cardinal(rest)}";
    }

    /// <summary>"one two three" for "123".</summary>
    public static string Digits(string digits)
    {
        var builder = new StringBuilder();
        foreach (var c in digits)
        {
            if (char.IsAsciiDigit(c))
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(Ones[c - '0']);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Reads a digit string (commas allowed as thousands separators, one optional decimal point):
    /// "1,234" "one thousand two hundred thirty-four", "3.14" "three point one four", "007" "zero zero seven".
    /// </summary>
    public static string Number(string text)
    {
        var negative = text.StartsWith('-') || text.StartsWith('\u2212');
        var body = negative ? text[1..] : text;
        var point = body.IndexOf('.', StringComparison.Ordinal);
        var integerPart = (point < 0 ? body : body[..point]).Replace(",", "", StringComparison.Ordinal);
        var fraction = point < 0 ? "" : body[(point + 1)..];
        string words;
        if (integerPart.Length == 0)
        {
            words = "zero";
        }
        else if (integerPart.Length > MaxCardinalDigits || (integerPart.Length > 1 && integerPart[0] == '0'))
        {
            words = Digits(integerPart);
        }
        else
        {
            words = Cardinal(long.Parse(integerPart, CultureInfo.InvariantCulture));
        }
        if (fraction.Length > 0)
        {
            words += " point " + Digits(fraction);
        }
        return negative ? "minus " + words : words;
    }

    /// <summary>Parses a plain digit string that fits in a cardinal.</summary>
    public static bool TryParse(string digits, out long value) =>
        long.TryParse(digits.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
