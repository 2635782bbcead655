using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rehearse.Speech.Synthesis.Text;

/// <summary>
/// Rewrites written English into the words a person would say before it is phonemized: numbers, ordinals,
/// currency, percentages, dates and times, abbreviations, acronyms, URLs and e-mail addresses, and the code
/// identifiers that appear in interview questions (<c>O(n log n)</c>, <c>HashMap</c>, <c>std::vector</c>,
/// <c>snake_case</c>). Sentence punctuation (<c>, . ; : ! ?</c>) is kept because the voice uses it for pauses
/// and intonation. The rules run in a fixed order, each on the output of the previous one.
/// </summary>
public static partial class TextNormalizer
{
    private static readonly string[] MonthNames =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ];

    private static readonly Dictionary<string, int> MonthByName = BuildMonthIndex();

    // Written with a trailing period in the text; the value is what is said.
    private static readonly (string Written, string Spoken)[] Abbreviations =
    [
        ("e.g.", "for example"), ("i.e.", "that is"), ("a.k.a.", "also known as"), ("etc.", "et cetera"),
        ("vs.", "versus"), ("approx.", "approximately"), ("Dr.", "Doctor"), ("Mr.", "Mister"), ("Mrs.", "Missus"),
        ("Ms.", "Miz"), ("Prof.", "Professor"), ("Jr.", "Junior"), ("Sr.", "Senior"), ("Inc.", "Incorporated"),
        ("Ltd.", "Limited"), ("Corp.", "Corporation"), ("Dept.", "Department"), ("Fig.", "Figure"),
        ("Mt.", "Mount"), ("Ave.", "Avenue"), ("Sec.", "Section"), ("Min.", "Minimum"), ("Max.", "Maximum"),
    ];

    // Tech names whose spelling does not tell how they are said.
    private static readonly (string Written, string Spoken)[] TechNames =
    [
        ("C++", "C plus plus"), ("C#", "C sharp"), ("F#", "F sharp"), (".NET", "dot net"), ("ASP.NET", "A-S-P dot net"),
        ("Node.js", "node J-S"), ("Vue.js", "view J-S"), ("Next.js", "next J-S"), ("React.js", "react J-S"),
        ("iOS", "eye O-S"), ("macOS", "mac O-S"), ("PostgreSQL", "postgres Q-L"), ("MySQL", "my S-Q-L"),
        ("NoSQL", "no S-Q-L"), ("GraphQL", "graph Q-L"), ("OAuth", "oh auth"), ("SaaS", "sass"), ("PaaS", "pass"),
        ("kubectl", "cube control"), ("K8s", "kubernetes"), ("I/O", "I-O"), ("CI/CD", "C-I C-D"), ("TCP/IP", "T-C-P I-P"),
        ("std::", "standard "), ("GitHub", "git hub"), ("GitLab", "git lab"), ("JavaScript", "java script"),
        ("TypeScript", "type script"), ("gRPC", "G-R-P-C"), ("README", "read me"), ("24/7", "twenty-four seven"),
    ];

    // Acronyms people say as a word; every other all-capital token of two to six letters is spelled out.
    private static readonly Dictionary<string, string> AcronymsSaidAsWords = new(StringComparer.Ordinal)
    {
        ["NASA"] = "nasa", ["NATO"] = "nato", ["SCUBA"] = "scuba", ["LASER"] = "laser", ["RADAR"] = "radar",
        ["JSON"] = "jason", ["YAML"] = "yamel", ["REST"] = "rest", ["CRUD"] = "crud", ["GIF"] = "gif",
        ["JPEG"] = "jay peg", ["AJAX"] = "ajax", ["ASCII"] = "askey", ["GUI"] = "gooey", ["OPEC"] = "opec",
        ["UNICEF"] = "unicef", ["UNESCO"] = "unesco", ["FIFA"] = "fifa", ["NASDAQ"] = "nasdaq", ["COVID"] = "covid",
        ["WYSIWYG"] = "wizzywig", ["CAPTCHA"] = "captcha", ["SWOT"] = "swot", ["OK"] = "okay", ["RAM"] = "ram",
        ["ROM"] = "rom", ["LAN"] = "lan", ["WAN"] = "wan", ["PIN"] = "pin", ["SIM"] = "sim", ["DOS"] = "doss",
        ["POSIX"] = "posix", ["UNIX"] = "unix", ["LINQ"] = "link", ["WASM"] = "wazzum", ["SCSI"] = "scuzzy",
        ["IKEA"] = "ikea", ["TOEFL"] = "toefl", ["SQUAD"] = "squad",
    };

    private static readonly Dictionary<string, string> UnitNames = new(StringComparer.Ordinal)
    {
        ["ms"] = "milliseconds", ["µs"] = "microseconds", ["ns"] = "nanoseconds",
        ["sec"] = "seconds", ["secs"] = "seconds", ["min"] = "minutes", ["mins"] = "minutes",
        ["hr"] = "hours", ["hrs"] = "hours", ["h"] = "hours", ["s"] = "seconds",
        ["KB"] = "kilobytes", ["kB"] = "kilobytes", ["MB"] = "megabytes", ["GB"] = "gigabytes", ["TB"] = "terabytes",
        ["PB"] = "petabytes", ["Kb"] = "kilobits", ["Mb"] = "megabits", ["Gb"] = "gigabits",
        ["Hz"] = "hertz", ["kHz"] = "kilohertz", ["MHz"] = "megahertz", ["GHz"] = "gigahertz",
        ["km"] = "kilometers", ["cm"] = "centimeters", ["mm"] = "millimeters", ["kg"] = "kilograms",
        ["lb"] = "pounds", ["lbs"] = "pounds", ["mph"] = "miles per hour", ["x"] = "times",
        ["k"] = "thousand", ["K"] = "thousand", ["M"] = "million", ["bn"] = "billion", ["B"] = "billion",
        ["px"] = "pixels", ["fps"] = "frames per second", ["rps"] = "requests per second",
        ["qps"] = "queries per second", ["°C"] = "degrees Celsius", ["°F"] = "degrees Fahrenheit", ["°"] = "degrees",
    };

    private static readonly Dictionary<char, (string Singular, string Plural, string Cent, string Cents)> Currencies = new()
    {
        ['$'] = ("dollar", "dollars", "cent", "cents"),
        ['€'] = ("euro", "euros", "cent", "cents"),
        ['£'] = ("pound", "pounds", "penny", "pence"),
        ['¥'] = ("yen", "yen", "", ""),
        ['₹'] = ("rupee", "rupees", "paisa", "paise"),
    };

    private static readonly Dictionary<string, string> CurrencyMagnitudes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["k"] = "thousand", ["thousand"] = "thousand", ["m"] = "million", ["mm"] = "million", ["million"] = "million",
        ["b"] = "billion", ["bn"] = "billion", ["billion"] = "billion", ["t"] = "trillion", ["trillion"] = "trillion",
    };

    /// <summary>Returns the spoken form of <paramref name="text"/> (one sentence or a few).</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = CleanCharacters(text);
        s = StripMarkdown(s);
        s = LowerShouting(s);
        s = EmailPattern().Replace(s, m => SpeakAddress(m.Value.Replace("@", " at ", StringComparison.Ordinal)));
        s = UrlPattern().Replace(s, m => SpeakUrl(m.Value));
        s = ReplaceTechNames(s);
        s = BigOPattern().Replace(s, m => $" {BoundName(m.Groups[1].Value)} of {SpeakExpression(m.Groups[2].Value)} ");
        s = ReplaceAbbreviations(s);
        s = DottedAcronymPattern().Replace(s, m => string.Join('-', m.Value.Where(char.IsLetter)).ToUpperInvariant());
        s = ScopePattern().Replace(s, " ");
        s = GenericTypePattern().Replace(s, m => $"{m.Groups[1].Value} of {m.Groups[2].Value.Replace(",", " and", StringComparison.Ordinal)}");
        s = EmptyCallPattern().Replace(s, "$1");
        s = VersionPattern().Replace(s, m =>
            (char.IsAsciiDigit(m.Value[0]) ? " " : " version ") + string.Join(" point ", m.Groups[1].Value.Split('.').Select(NumberWords.Number)) + " ");
        s = MemberAccessPattern().Replace(s, m => m.Value.Replace(".", " dot ", StringComparison.Ordinal));
        s = CurrencyPattern().Replace(s, SpeakCurrency);
        s = PercentPattern().Replace(s, m => NumberWords.Number(m.Groups[1].Value) + " percent");
        s = IsoDatePattern().Replace(s, SpeakIsoDate);
        s = SlashDatePattern().Replace(s, SpeakSlashDate);
        s = MonthDayPattern().Replace(s, SpeakMonthDay);
        s = DayMonthPattern().Replace(s, SpeakDayMonth);
        // "7 p.m." ending the text also ends the sentence: keep a period for the intonation.
        s = FinalMeridiemPattern().Replace(s, "$1$2.");
        s = ClockPattern().Replace(s, SpeakClock);
        s = HourMeridiemPattern().Replace(s, m => $"{NumberWords.Cardinal(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))} {Meridiem(m.Groups[2].Value)}");
        s = NumberRangePattern().Replace(s, SpeakRange);
        s = DecadePattern().Replace(s, SpeakDecade);
        s = YearContextPattern().Replace(s, m => $"{m.Groups[1].Value} {NumberWords.Year(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))}");
        s = OrdinalPattern().Replace(s, m => NumberWords.TryParse(m.Groups[1].Value, out var n) ? NumberWords.Ordinal(n) : m.Value);
        s = FractionPattern().Replace(s, SpeakFraction);
        s = NumberWithUnitPattern().Replace(s, SpeakNumberWithUnit);
        s = NumberPattern().Replace(s, m => " " + NumberWords.Number(m.Value) + " ");
        s = SnakeCasePattern().Replace(s, m => m.Value.Replace('_', ' ').Trim());
        s = CamelCasePattern().Replace(s, SplitCamelCase);
        s = AcronymPattern().Replace(s, SpeakAcronym);
        s = ReplaceSymbols(s);
        return Tidy(s);
    }

    private static string CleanCharacters(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            builder.Append(value switch
            {
                '\u2018' or '\u2019' or '\u02BC' or '`' or '\u00B4' => "'",
                '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB' => "\"",
                '\u2013' or '\u2014' or '\u2015' => " - ",
                '\u2026' => "...",
                '\u2212' => "-",
                '\u00A0' or '\u2009' or '\u202F' or '\t' or '\n' or '\r' => " ",
                '\u00B0' => "\u00B0",
                // Control and format characters, emoji and other pictographs are not read aloud.
                _ when Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format
                    or UnicodeCategory.OtherSymbol or UnicodeCategory.PrivateUse => "",
                _ => rune.ToString(),
            });
        }
        return builder.ToString();
    }

    private static string StripMarkdown(string s)
    {
        s = MarkdownEmphasisPattern().Replace(s, "$2");
        s = MarkdownLinePrefixPattern().Replace(s, "");
        return s;
    }

    // A sentence written in capitals is shouting, not a run of acronyms: read its words as words.
    private static string LowerShouting(string s)
    {
        var words = WordPattern().Matches(s);
        if (words.Count < 4)
        {
            return s;
        }
        var upper = words.Count(w => w.Value.Length > 1 && w.Value.All(c => !char.IsLetter(c) || char.IsUpper(c)));
        if (upper * 10 < words.Count * 7)
        {
            return s;
        }
        return WordPattern().Replace(s, m => AcronymsSaidAsWords.ContainsKey(m.Value) ? m.Value : m.Value.ToLowerInvariant());
    }

    private static string SpeakUrl(string url)
    {
        var withoutScheme = SchemePattern().Replace(url, "");
        var www = withoutScheme.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
        var spoken = SpeakAddress((www ? withoutScheme[4..] : withoutScheme).TrimEnd('/'));
        return www ? " W-W-W dot" + spoken : spoken;
    }

    private static string SpeakAddress(string address)
    {
        var builder = new StringBuilder(" ");
        foreach (var c in address)
        {
            builder.Append(c switch
            {
                '.' => " dot ",
                '/' => " slash ",
                '-' => " dash ",
                '_' => " underscore ",
                ':' => " colon ",
                '?' => " question mark ",
                '=' => " equals ",
                '&' => " and ",
                '#' => " hash ",
                '%' => " percent ",
                '~' => " tilde ",
                '+' => " plus ",
                _ => c.ToString(),
            });
        }
        return builder.Append(' ').ToString();
    }

    private static string ReplaceTechNames(string s)
    {
        foreach (var (written, spoken) in TechNames)
        {
            s = Regex.Replace(
                s,
                (char.IsLetterOrDigit(written[0]) ? @"(?<![\w.])" : @"(?<![\w])") + Regex.Escape(written) + (char.IsLetterOrDigit(written[^1]) ? @"(?!\w)" : ""),
                " " + spoken + " ",
                RegexOptions.CultureInvariant);
        }
        return s;
    }

    private static string SpeakExpression(string expression)
    {
        var s = expression.Replace("sqrt", "square root of ", StringComparison.Ordinal)
            .Replace("log2", "log base two of ", StringComparison.Ordinal);
        s = PowerPattern().Replace(s, m => m.Groups[2].Value switch
        {
            "2" => $"{m.Groups[1].Value} squared",
            "3" => $"{m.Groups[1].Value} cubed",
            var p => $"{m.Groups[1].Value} to the {p}",
        });
        var builder = new StringBuilder();
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '*' or '×' or '·' => " times ",
                '+' => " plus ",
                '-' => " minus ",
                '/' => " over ",
                '(' or ')' or ',' => " ",
                '!' => " factorial ",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    private static string ReplaceAbbreviations(string s)
    {
        foreach (var (written, spoken) in Abbreviations)
        {
            // An abbreviation that ends the text also ends the sentence: keep a period for the intonation.
            s = Regex.Replace(
                s,
                @"(?<![\w.])" + Regex.Escape(written) + @"(?=(\s*$)|[\s,;:!?)])",
                m => spoken + (m.Groups[1].Success ? "." : ""),
                written.Any(char.IsUpper) ? RegexOptions.CultureInvariant : RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        }
        s = NumberAbbreviationPattern().Replace(s, "number ");
        s = WithPattern().Replace(s, m => m.Value.Equals("w/o", StringComparison.OrdinalIgnoreCase) ? "without" : "with");
        return s;
    }

    private static string SpeakCurrency(Match m)
    {
        var (singular, plural, cent, cents) = Currencies[m.Groups[1].Value[0]];
        var amount = m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal);
        var magnitude = m.Groups[3].Success ? CurrencyMagnitudes[m.Groups[3].Value] : null;
        if (magnitude is not null)
        {
            return $" {NumberWords.Number(amount)} {magnitude} {plural} ";
        }
        var point = amount.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? amount : amount[..point];
        var fraction = point < 0 ? "" : amount[(point + 1)..];
        NumberWords.TryParse(whole.Length == 0 ? "0" : whole, out var units);
        if (fraction.Length == 2 && cent.Length > 0)
        {
            var hundredths = int.Parse(fraction, CultureInfo.InvariantCulture);
            var centWords = $"{NumberWords.Cardinal(hundredths)} {(hundredths == 1 ? cent : cents)}";
            if (units == 0)
            {
                return $" {centWords} ";
            }
            return hundredths == 0
                ? $" {NumberWords.Cardinal(units)} {(units == 1 ? singular : plural)} "
                : $" {NumberWords.Cardinal(units)} {(units == 1 ? singular : plural)} and {centWords} ";
        }
        if (fraction.Length > 0)
        {
            return $" {NumberWords.Number(amount)} {plural} ";
        }
        return $" {NumberWords.Number(whole)} {(units == 1 ? singular : plural)} ";
    }

    private static string SpeakIsoDate(Match m)
    {
        var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 && day is >= 1 and <= 31
            ? $"{MonthNames[month - 1]} {NumberWords.Ordinal(day)}, {NumberWords.Year(year)}"
            : m.Value;
    }

    // Slash dates are read month first, as in the US English the voices speak.
    private static string SpeakSlashDate(Match m)
    {
        var month = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (month > 12 && day <= 12)
        {
            (month, day) = (day, month);
        }
        if (month is < 1 or > 12 || day is < 1 or > 31)
        {
            return m.Value;
        }
        if (m.Groups[3].Value.Length == 2)
        {
            year += 2000;
        }
        return $"{MonthNames[month - 1]} {NumberWords.Ordinal(day)}, {NumberWords.Year(year)}";
    }

    private static string SpeakMonthDay(Match m)
    {
        var month = MonthByName[m.Groups[1].Value.TrimEnd('.').ToUpperInvariant()];
        var day = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (day is < 1 or > 31)
        {
            return m.Value;
        }
        var spoken = $"{MonthNames[month]} {NumberWords.Ordinal(day)}";
        return m.Groups[3].Success
            ? $"{spoken}, {NumberWords.Year(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))}"
            : spoken;
    }

    private static string SpeakDayMonth(Match m)
    {
        var day = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = MonthByName[m.Groups[2].Value.TrimEnd('.').ToUpperInvariant()];
        if (day is < 1 or > 31)
        {
            return m.Value;
        }
        var spoken = $"the {NumberWords.Ordinal(day)} of {MonthNames[month]}";
        return m.Groups[3].Success
            ? $"{spoken}, {NumberWords.Year(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))}"
            : spoken;
    }

    private static string SpeakClock(Match m)
    {
        var hour = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (hour > 24 || minute > 59)
        {
            return m.Value;
        }
        var meridiem = m.Groups[3].Success ? " " + Meridiem(m.Groups[3].Value) : "";
        string minutes;
        if (minute == 0)
        {
            minutes = meridiem.Length > 0 ? "" : hour <= 12 ? " o'clock" : " hundred";
        }
        else
        {
            minutes = minute < 10 ? $" oh {NumberWords.Cardinal(minute)}" : $" {NumberWords.Cardinal(minute)}";
        }
        var hourWords = hour == 0 && meridiem.Length == 0 ? "zero" : NumberWords.Cardinal(hour);
        return $"{hourWords}{minutes}{meridiem}";
    }

    private static string BoundName(string letter) => letter switch
    {
        "Θ" or "θ" => "theta",
        "Ω" or "ω" => "omega",
        _ => "O",
    };

    // "2020-2024" is a span of years; "5-10" a span of numbers.
    private static string SpeakRange(Match m)
    {
        static bool IsYear(string digits) =>
            digits.Length == 4 && int.TryParse(digits, CultureInfo.InvariantCulture, out var year) && year is >= 1100 and <= 2099;
        var (from, to) = (m.Groups[1].Value, m.Groups[2].Value);
        return IsYear(from) && IsYear(to)
            ? $"{NumberWords.Year(int.Parse(from, CultureInfo.InvariantCulture))} to {NumberWords.Year(int.Parse(to, CultureInfo.InvariantCulture))}"
            : $"{from} to {to}";
    }

    private static string Meridiem(string written) =>
        written.StartsWith('p') || written.StartsWith('P') ? "P-M" : "A-M";

    private static string SpeakDecade(Match m)
    {
        var digits = m.Groups[2].Value;
        if (digits.Length == 2)
        {
            return m.Groups[1].Value + Pluralize(NumberWords.Cardinal(int.Parse(digits, CultureInfo.InvariantCulture)));
        }
        var year = int.Parse(digits, CultureInfo.InvariantCulture);
        return m.Groups[1].Value + Pluralize(NumberWords.Year(year));
    }

    private static string Pluralize(string words) =>
        words.EndsWith('y') ? words[..^1] + "ies" : words + "s";

    private static string SpeakFraction(Match m)
    {
        var numerator = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var denominator = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (denominator == 0)
        {
            return m.Value;
        }
        var top = NumberWords.Cardinal(numerator);
        var bottom = denominator switch
        {
            1 => null,
            2 => numerator == 1 ? "half" : "halves",
            4 => numerator == 1 ? "quarter" : "quarters",
            <= 10 => numerator == 1 ? NumberWords.Ordinal(denominator) : NumberWords.Ordinal(denominator) + "s",
            _ => null,
        };
        return bottom is null
            ? $"{top} over {NumberWords.Cardinal(denominator)}"
            : $"{(numerator == 1 ? "one" : top)} {bottom}";
    }

    private static string SpeakNumberWithUnit(Match m)
    {
        var unit = m.Groups[2].Value;
        if (!UnitNames.TryGetValue(unit, out var name))
        {
            return m.Value;
        }
        var number = NumberWords.Number(m.Groups[1].Value);
        if (name is "seconds" or "milliseconds" or "minutes" or "hours" or "microseconds" or "nanoseconds" && number == "one")
        {
            name = name[..^1];
        }
        return $" {number} {name} ";
    }

    private static string SplitCamelCase(Match m)
    {
        var parts = CamelBoundaryPattern().Split(m.Value);
        return " " + string.Join(' ', parts.Select(p => p.Length > 1 && p.All(char.IsUpper) ? p : p.ToLowerInvariant())) + " ";
    }

    private static string SpeakAcronym(Match m)
    {
        var letters = m.Groups[1].Value;
        var plural = m.Groups[2].Success;
        if (AcronymsSaidAsWords.TryGetValue(letters, out var word))
        {
            return word + (plural ? "s" : "");
        }
        var spelled = string.Join('-', letters.ToCharArray());
        return plural ? spelled + "s" : spelled;
    }

    private static string ReplaceSymbols(string s)
    {
        s = OperatorPattern().Replace(s, m => m.Value switch
        {
            "==" or "===" => " equals ",
            "!=" or "!==" => " not equal to ",
            "<=" => " less than or equal to ",
            ">=" => " greater than or equal to ",
            "->" or "=>" => " arrow ",
            "&&" => " and ",
            "||" => " or ",
            "++" => " plus plus ",
            "--" => " minus minus ",
            "+=" => " plus equals ",
            "-=" => " minus equals ",
            _ => m.Value,
        });
        var builder = new StringBuilder(s.Length + 16);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var previousIsSpace = i == 0 || char.IsWhiteSpace(s[i - 1]);
            var nextIsSpace = i + 1 >= s.Length || char.IsWhiteSpace(s[i + 1]);
            builder.Append(c switch
            {
                '&' => " and ",
                '+' => " plus ",
                '=' => " equals ",
                '@' => " at ",
                '%' => " percent ",
                '<' => " less than ",
                '>' => " greater than ",
                '^' => " to the power of ",
                '#' => "",
                '*' => previousIsSpace && nextIsSpace ? " times " : " ",
                '/' => " slash ",
                '\\' => " backslash ",
                '~' => " about ",
                '|' or '_' or '"' or '(' or ')' or '[' or ']' or '{' or '}' => " ",
                // A dash between spaces is a pause; inside a word (well-known, A-P-I) it stays.
                '-' when previousIsSpace && nextIsSpace => ", ",
                '-' when previousIsSpace || nextIsSpace => " ",
                '\'' when previousIsSpace || nextIsSpace => " ",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    private static string Tidy(string s)
    {
        s = EllipsisPattern().Replace(s, ",");
        s = WhitespacePattern().Replace(s, " ");
        s = SpaceBeforePunctuationPattern().Replace(s, "$1");
        s = RepeatedPunctuationPattern().Replace(s, m =>
            (m.Value.FirstOrDefault(c => c is '.' or '!' or '?') is var strong && strong != default ? strong : m.Value[0]).ToString());
        s = LeadingPunctuationPattern().Replace(s, "");
        return s.Trim();
    }

    private static Dictionary<string, int> BuildMonthIndex()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < MonthNames.Length; i++)
        {
            index[MonthNames[i].ToUpperInvariant()] = i;
            index[MonthNames[i][..3].ToUpperInvariant()] = i;
        }
        index["SEPT"] = 8;
        return index;
    }

    // An integer with or without thousands separators, and an optional decimal part.
    private const string NumberCore = @"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

    private const string Meridiems = @"[aApP]\.[mM]\.|[aApP][mM]";

    private const string MonthAlternation =
        "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

    [GeneratedRegex(@"(?<!\w)(\*\*|__|\*|~~)(\S(?:.*?\S)?)\1(?!\w)")]
    private static partial Regex MarkdownEmphasisPattern();

    [GeneratedRegex(@"^\s*(?:#{1,6}\s+|[-*•]\s+|>\s+)")]
    private static partial Regex MarkdownLinePrefixPattern();

    [GeneratedRegex(@"[A-Za-z][A-Za-z']*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s""'<>]*[^\s""'<>.,;:!?)\]]", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^[a-z]+://", RegexOptions.IgnoreCase)]
    private static partial Regex SchemePattern();

    [GeneratedRegex(@"(?<![\w])([OΘΩoθω])\s?\(((?:[^()]|\([^()]*\))+)\)")]
    private static partial Regex BigOPattern();

    [GeneratedRegex(@"(\w+)\s*\^\s*(\w+)")]
    private static partial Regex PowerPattern();

    [GeneratedRegex(@"(?<![\w.])(?:[A-Za-z]\.){2,}(?!\w)")]
    private static partial Regex DottedAcronymPattern();

    [GeneratedRegex(@"(?<=\w)::(?=\w)")]
    private static partial Regex ScopePattern();

    [GeneratedRegex(@"\b([A-Za-z_]\w*)<\s*([A-Za-z_][\w\s,]*?)\s*>")]
    private static partial Regex GenericTypePattern();

    [GeneratedRegex(@"\b([A-Za-z_]\w*)\(\)")]
    private static partial Regex EmptyCallPattern();

    [GeneratedRegex(@"\b[vV]?(\d+(?:\.\d+){2,})\b")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\b")]
    private static partial Regex MemberAccessPattern();

    [GeneratedRegex(@"\bNo\.\s?(?=\d)")]
    private static partial Regex NumberAbbreviationPattern();

    [GeneratedRegex(@"(?<!\w)w/o?(?=\s)", RegexOptions.IgnoreCase)]
    private static partial Regex WithPattern();

    [GeneratedRegex(@"([$€£¥₹])\s?(" + NumberCore + @")(?:\s?(thousand|million|billion|trillion|bn|mm|[kmbt])\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex(@"(-?(?:" + NumberCore + @"))\s?%")]
    private static partial Regex PercentPattern();

    [GeneratedRegex(@"\b(\d{4})-(\d{2})-(\d{2})\b")]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")]
    private static partial Regex SlashDatePattern();

    [GeneratedRegex(@"\b(" + MonthAlternation + @")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?")]
    private static partial Regex MonthDayPattern();

    [GeneratedRegex(@"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + MonthAlternation + @")\b\.?(?:,?\s+(\d{4})\b)?")]
    private static partial Regex DayMonthPattern();

    [GeneratedRegex(@"\b(\d{1,2}):(\d{2})(?::\d{2})?(?:\s?(" + Meridiems + @")(?![\w]))?")]
    private static partial Regex ClockPattern();

    [GeneratedRegex(@"\b(\d{1,2})\s?(" + Meridiems + @")(?![\w])")]
    private static partial Regex HourMeridiemPattern();

    [GeneratedRegex(@"\b([aApP])\.([mM])\.(?=\s*$)")]
    private static partial Regex FinalMeridiemPattern();

    [GeneratedRegex(@"(^|[\s(])'?(\d{2}|1[1-9]\d0|20\d0)'?s\b")]
    private static partial Regex DecadePattern();

    [GeneratedRegex(@"\b(in|since|by|from|until|till|before|after|during|of|year|circa|around|early|late|mid|spring|summer|autumn|fall|winter|January|February|March|April|May|June|July|August|September|October|November|December)\s+(1[1-9]\d\d|20\d\d)\b(?![.,]\d)", RegexOptions.IgnoreCase)]
    private static partial Regex YearContextPattern();

    [GeneratedRegex(@"\b(\d[\d,]*)(?:st|nd|rd|th)\b")]
    private static partial Regex OrdinalPattern();

    [GeneratedRegex(@"(?<![\w/.])(\d{1,3})/(\d{1,3})(?![\w/])")]
    private static partial Regex FractionPattern();

    [GeneratedRegex(@"(?<![\w.-])(" + NumberCore + @")\s?[-–]\s?(" + NumberCore + @")(?![\w.-])")]
    private static partial Regex NumberRangePattern();

    [GeneratedRegex(@"(?<![\w.])(" + NumberCore + @")\s?(°[CF]?(?![A-Za-z])|[A-Za-zµ]{1,3}\b)")]
    private static partial Regex NumberWithUnitPattern();

    [GeneratedRegex(@"(?<![\w.])-?(?:" + NumberCore + @")(?!\d)|\d+")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\b_*[A-Za-z][A-Za-z0-9]*(?:_+[A-Za-z0-9]+)+_*\b")]
    private static partial Regex SnakeCasePattern();

    [GeneratedRegex(@"\b[A-Za-z]*[a-z][A-Za-z]*[A-Z][A-Za-z]*\b|\b[A-Z]{2,}[a-z]{2,}[A-Za-z]*\b")]
    private static partial Regex CamelCasePattern();

    [GeneratedRegex(@"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")]
    private static partial Regex CamelBoundaryPattern();

    [GeneratedRegex(@"\b([A-Z]{2,7})(s)?\b")]
    private static partial Regex AcronymPattern();

    [GeneratedRegex(@"===?|!==?|<=|>=|->|=>|&&|\|\||\+\+|--|\+=|-=")]
    private static partial Regex OperatorPattern();

    [GeneratedRegex(@"\.{2,}")]
    private static partial Regex EllipsisPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"\s+([,.;:!?])")]
    private static partial Regex SpaceBeforePunctuationPattern();

    [GeneratedRegex(@"[,;:](?:\s*[,;:.!?])+|[.!?](?:\s*[,;:])+")]
    private static partial Regex RepeatedPunctuationPattern();

    [GeneratedRegex(@"^[\s,;:.!?]+")]
    private static partial Regex LeadingPunctuationPattern();
}
