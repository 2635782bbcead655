using System.Globalization;
using System.Text;

namespace Rehearse.Speech.Synthesis.Piper;

/// <summary>
/// The phoneme-to-id table of a Piper/VITS voice, read from a <c>tokens.txt</c> file of <c>&lt;symbol&gt; &lt;id&gt;</c>
/// lines (split at the last space: the space symbol's own line is <c>"  3"</c>). Each symbol is one Unicode code
/// point. Encoding follows Piper: <c>^ _ p1 _ p2 _ … pn _ $</c> (a pad after every phoneme), iterating the
/// phoneme string by code point; code points the voice does not know are skipped.
/// </summary>
public sealed class PhonemeIdMap
{
    private const string BeginSymbol = "^";
    private const string EndSymbol = "$";
    private const string PadSymbol = "_";

    private readonly Dictionary<int, long> _ids;
    private readonly long _begin;
    private readonly long _end;
    private readonly long _pad;

    private PhonemeIdMap(Dictionary<int, long> ids)
    {
        _ids = ids;
        _begin = Required(ids, BeginSymbol);
        _end = Required(ids, EndSymbol);
        _pad = Required(ids, PadSymbol);
    }

    /// <summary>Number of symbols in the table.</summary>
    public int Count => _ids.Count;

    /// <summary>Reads a <c>tokens.txt</c> file.</summary>
    /// <exception cref="InvalidDataException">A line is malformed or a required symbol (^ _ $) is missing.</exception>
    public static PhonemeIdMap Load(string path) => Parse(File.ReadAllText(path, Encoding.UTF8), path);

    /// <summary>Parses the contents of a <c>tokens.txt</c> file; <paramref name="source"/> names it in errors.</summary>
    public static PhonemeIdMap Parse(string contents, string source)
    {
        var ids = new Dictionary<int, long>();
        var lineNumber = 0;
        foreach (var rawLine in contents.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var split = line.LastIndexOf(' ');
            if (split <= 0 || !long.TryParse(line.AsSpan(split + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"{source}:{lineNumber}: expected '<symbol> <id>', got '{line}'.");
            }
            var symbol = line[..split];
            if (!Rune.TryGetRuneAt(symbol, 0, out var rune) || rune.Utf16SequenceLength != symbol.Length)
            {
                throw new InvalidDataException($"{source}:{lineNumber}: symbol '{symbol}' is not a single code point.");
            }
            ids[rune.Value] = id;
        }
        return new PhonemeIdMap(ids);
    }

    /// <summary>The ids of <paramref name="phonemes"/> in Piper's layout, and how many code points were skipped.</summary>
    public long[] Encode(string phonemes, out int skipped)
    {
        var ids = new List<long>(phonemes.Length * 2 + 3) { _begin, _pad };
        skipped = 0;
        foreach (var rune in phonemes.EnumerateRunes())
        {
            if (_ids.TryGetValue(rune.Value, out var id))
            {
                ids.Add(id);
                ids.Add(_pad);
            }
            else
            {
                skipped++;
            }
        }
        ids.Add(_end);
        return [.. ids];
    }

    private static long Required(Dictionary<int, long> ids, string symbol) =>
        ids.TryGetValue(symbol[0], out var id)
            ? id
            : throw new InvalidDataException($"The phoneme table has no '{symbol}' symbol.");
}
