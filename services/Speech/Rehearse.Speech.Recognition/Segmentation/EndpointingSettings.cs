namespace Rehearse.Speech.Recognition.Segmentation;

/// <summary>How a stream of speech probabilities is cut into utterances.</summary>
/// <param name="SpeechThreshold">Probability at or above which a frame counts as speech.</param>
/// <param name="SilenceThreshold">
/// Probability below which a frame counts as silence (hysteresis: frames in between neither start nor end speech).
/// </param>
/// <param name="MinSilence">Silence after speech that ends an utterance.</param>
/// <param name="MinSpeech">Speech that must accumulate before an utterance starts (shorter blips are ignored).</param>
/// <param name="SpeechPadding">Audio kept before the detected start and after the detected end of speech.</param>
/// <param name="MaxUtterance">Longest utterance; a longer one is cut at its quietest frame.</param>
public sealed record EndpointingSettings(
    float SpeechThreshold,
    float SilenceThreshold,
    TimeSpan MinSilence,
    TimeSpan MinSpeech,
    TimeSpan SpeechPadding,
    TimeSpan MaxUtterance)
{
    /// <summary>Length of one voice activity frame (512 samples at 16 kHz).</summary>
    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(32);

    internal int MinSilenceFrames => Frames(MinSilence);

    internal int MinSpeechFrames => Math.Max(1, Frames(MinSpeech));

    internal int MaxUtteranceFrames => Math.Max(2, (int)(MaxUtterance / FrameDuration));

    private static int Frames(TimeSpan duration) => (int)Math.Ceiling(duration / FrameDuration);
}
