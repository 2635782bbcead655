using System.Text;

namespace Rehearse.Speech.Synthesis.Text;

/// <summary>
/// Collects text fragments as a language model writes them (split anywhere, even mid-word) and releases each
/// sentence once it is known to be complete, so speech can start before the text is finished. A pending
/// sentence that grows past the length limit is released at a clause boundary.
/// </summary>
public sealed class SentenceAccumulator(int maxSentenceCharacters)
{
    private readonly StringBuilder _pending = new();

    /// <summary>Characters received but not yet released.</summary>
    public int PendingLength => _pending.Length;

    /// <summary>Adds a fragment and returns the sentences it completes (possibly none).</summary>
    public IReadOnlyList<string> Append(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        _pending.Append(fragment);
        var text = _pending.ToString();
        var sentences = new List<string>();
        var start = 0;
        foreach (var end in SentenceSplitter.FindBoundaries(text, isFinal: false))
        {
            Release(sentences, text[start..end]);
            start = end;
        }
        var rest = text[start..];
        if (rest.Length > maxSentenceCharacters)
        {
            // Too long to wait for its end: release all but the last piece, which may still grow.
            var pieces = SentenceSplitter.SplitLong(rest, maxSentenceCharacters).ToList();
            var kept = pieces[^1];
            foreach (var piece in pieces.Take(pieces.Count - 1))
            {
                Release(sentences, piece);
            }
            rest = rest[rest.LastIndexOf(kept, StringComparison.Ordinal)..];
        }
        _pending.Clear().Append(rest);
        return sentences;
    }

    /// <summary>Releases whatever is pending, finished or not.</summary>
    public IReadOnlyList<string> Flush()
    {
        var text = _pending.ToString();
        _pending.Clear();
        return SentenceSplitter.Split(text, maxSentenceCharacters);
    }

    private void Release(List<string> sentences, string piece)
    {
        foreach (var part in SentenceSplitter.SplitLong(piece, maxSentenceCharacters))
        {
            if (SentenceSplitter.HasWords(part, 0, part.Length))
            {
                sentences.Add(part);
            }
        }
    }
}
