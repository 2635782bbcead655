namespace Rehearse.Speech.Recognition.Moonshine;

/// <summary>
/// The runaway guards of greedy decoding. At most <see cref="TokensPerSecond"/> tokens per second of audio plus
/// <see cref="ExtraTokens"/>: fast speech needs about 7 tokens per second, so a tighter cap (6/s) cuts off the last
/// words. And a loop ends as soon as it shows: on noise or a cut-off phrase the model can repeat a phrase until the
/// cap ("the driver is really a leadership change only and the driver is really ..."), so decoding stops when the
/// last <see cref="MinLoopTokens"/> or more tokens repeat the block just before them, and the repeat is dropped.
/// </summary>
/// <param name="TokensPerSecond">Tokens allowed per second of audio.</param>
/// <param name="ExtraTokens">Tokens allowed on top, for very short clips.</param>
/// <param name="MinLoopTokens">
/// The shortest repeated block taken for a loop. People do repeat short phrases ("the driver, the driver"), which
/// are a few tokens; a verbatim repeat of eight or more tokens in a row is the model looping.
/// </param>
public sealed record MoonshineDecodingLimits(double TokensPerSecond = 10, int ExtraTokens = 6, int MinLoopTokens = 8)
{
    /// <summary>The limit the model's authors' tests settled on.</summary>
    public static MoonshineDecodingLimits Default { get; } = new();

    /// <summary>The most tokens (end token included) decoded for <paramref name="audio"/>.</summary>
    public int MaxTokensFor(TimeSpan audio) => (int)Math.Ceiling(audio.TotalSeconds * TokensPerSecond) + ExtraTokens;

    /// <summary>
    /// The length of the block that <paramref name="tokens"/> ends with twice in a row (at least
    /// <see cref="MinLoopTokens"/> long), or 0 when its end is not a loop.
    /// </summary>
    public int RepeatedTail(ReadOnlySpan<int> tokens)
    {
        for (var length = MinLoopTokens; length * 2 <= tokens.Length; length++)
        {
            if (tokens[^length..].SequenceEqual(tokens[^(2 * length)..^length]))
            {
                return length;
            }
        }
        return 0;
    }
}
