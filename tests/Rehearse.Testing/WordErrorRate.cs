namespace Rehearse.Testing;

/// <summary>Word error counts between a reference and a hypothesis, after <see cref="TranscriptNormalizer"/>.</summary>
/// <param name="Errors">Substitutions + deletions + insertions of the minimum edit alignment.</param>
/// <param name="ReferenceWords">Words in the normalised reference.</param>
public readonly record struct WordErrorRate(int Errors, int ReferenceWords)
{
    /// <summary>Errors per reference word (0 when both are empty).</summary>
    public double Rate => ReferenceWords == 0 ? (Errors == 0 ? 0 : 1) : (double)Errors / ReferenceWords;

    /// <summary>Adds two counts, for corpus-level rates (total errors over total words, not a mean of rates).</summary>
    public static WordErrorRate operator +(WordErrorRate a, WordErrorRate b) =>
        new(a.Errors + b.Errors, a.ReferenceWords + b.ReferenceWords);

    /// <summary>Scores <paramref name="hypothesis"/> against <paramref name="reference"/>.</summary>
    public static WordErrorRate Compute(string reference, string hypothesis)
    {
        var r = TranscriptNormalizer.Words(reference);
        var h = TranscriptNormalizer.Words(hypothesis);
        // Levenshtein distance over words, one row at a time.
        var previous = new int[h.Count + 1];
        var current = new int[h.Count + 1];
        for (var j = 0; j <= h.Count; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= r.Count; i++)
        {
            current[0] = i;
            for (var j = 1; j <= h.Count; j++)
            {
                var substitution = previous[j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return new WordErrorRate(previous[h.Count], r.Count);
    }
}
