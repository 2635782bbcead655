using System.Text;
using System.Text.Json;

namespace Rehearse.Speech.Recognition.Moonshine;

/// <summary>
/// Turns Moonshine token ids into text: the LLaMA SentencePiece vocabulary with byte-fallback tokens
/// (<c>&lt;0xNN&gt;</c>) and <c>▁</c> as the word separator.
/// </summary>
public sealed class MoonshineVocabulary
{
    /// <summary>Start of transcript, fed to the decoder at step 0.</summary>
    public const int StartToken = 1;

    /// <summary>End of transcript: decoding stops when the decoder emits it.</summary>
    public const int EndToken = 2;

    private const int FirstByteToken = 3;
    private const int LastByteToken = 258;
    private const char WordBoundary = '\u2581';

    private readonly byte[][] _pieces;

    /// <summary>Creates a vocabulary from its pieces; the index of a piece is its token id.</summary>
    public MoonshineVocabulary(IReadOnlyList<string> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (pieces.Count <= LastByteToken)
        {
            throw new InvalidDataException($"A Moonshine vocabulary has 32,000 pieces; this one has {pieces.Count}.");
        }
        _pieces = new byte[pieces.Count][];
        for (var id = 0; id < pieces.Count; id++)
        {
            _pieces[id] = id is >= FirstByteToken and <= LastByteToken
                ? [ParseByteToken(pieces[id], id)]
                : Encoding.UTF8.GetBytes(pieces[id].Replace(WordBoundary, ' '));
        }
    }

    /// <summary>Number of pieces (32,000 for Moonshine; the decoder's extra special ids have none).</summary>
    public int Count => _pieces.Length;

    /// <summary>
    /// Loads <c>vocab.json</c>, a JSON array of pieces. JSON keeps the pieces that hold a carriage return intact,
    /// which a line-based file would not.
    /// </summary>
    public static MoonshineVocabulary Load(string path)
    {
        using var stream = File.OpenRead(path);
        var pieces = JsonSerializer.Deserialize<string[]>(stream)
            ?? throw new InvalidDataException($"'{path}' does not hold a JSON array of token pieces.");
        return new MoonshineVocabulary(pieces);
    }

    /// <summary>
    /// The text of <paramref name="tokens"/>: special ids (unknown, start, end and the decoder's ids past the
    /// vocabulary) are skipped, byte tokens contribute raw bytes, and all bytes are decoded as UTF-8 at once so
    /// characters split over several byte tokens come out whole. One leading space is removed.
    /// </summary>
    public string Decode(ReadOnlySpan<int> tokens)
    {
        var bytes = new List<byte>(tokens.Length * 4);
        foreach (var token in tokens)
        {
            if (token is <= EndToken || token >= _pieces.Length)
            {
                continue;
            }
            bytes.AddRange(_pieces[token]);
        }
        var text = Encoding.UTF8.GetString([.. bytes]);
        return text.StartsWith(' ') ? text[1..] : text;
    }

    private static byte ParseByteToken(string piece, int id)
    {
        // "<0xNN>"
        if (piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out var value))
        {
            return value;
        }
        throw new InvalidDataException($"Token {id} should be a byte token like <0x{id - FirstByteToken:X2}>, not '{piece}'.");
    }
}
