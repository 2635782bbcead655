namespace Rehearse.Speech.Recognition.Moonshine;

/// <summary>
/// The runaway guard of greedy decoding: at most <see cref="TokensPerSecond"/> tokens per second of audio plus
/// <see cref="ExtraTokens"/>. Fast speech needs about 7 tokens per second, so a tighter cap (6/s) cuts off the last
/// words; on noise the model can loop, and the cap ends the loop.
/// </summary>
/// <param name="TokensPerSecond">Tokens allowed per second of audio.</param>
/// <param name="ExtraTokens">Tokens allowed on top, for very short clips.</param>
public sealed record MoonshineDecodingLimits(double TokensPerSecond = 10, int ExtraTokens = 6)
{
    /// <summary>The limit the model's authors' tests settled on.</summary>
    public static MoonshineDecodingLimits Default { get; } = new();

    /// <summary>The most tokens (end token included) decoded for <paramref name="audio"/>.</summary>
    public int MaxTokensFor(TimeSpan audio) => (int)Math.Ceiling(audio.TotalSeconds * TokensPerSecond) + ExtraTokens;
}
