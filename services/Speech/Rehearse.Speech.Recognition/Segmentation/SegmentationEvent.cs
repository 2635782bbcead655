namespace Rehearse.Speech.Recognition.Segmentation;

/// <summary>Something the <see cref="UtteranceSegmenter"/> decided after a frame.</summary>
public abstract record SegmentationEvent;

/// <summary>Speech began at <paramref name="StartFrame"/> (it has lasted the minimum speech duration since).</summary>
public sealed record SpeechStarted(long StartFrame) : SegmentationEvent;

/// <summary>An utterance is complete and can be decoded.</summary>
/// <param name="StartFrame">First frame of the utterance.</param>
/// <param name="EndFrame">Frame after its last frame.</param>
/// <param name="Reason">Why it closed.</param>
/// <param name="StartsAtCut">True when it began where a too-long utterance was cut, not at a speech onset.</param>
public sealed record UtteranceClosed(long StartFrame, long EndFrame, UtteranceEnd Reason, bool StartsAtCut) : SegmentationEvent;

/// <summary>Why an utterance closed.</summary>
public enum UtteranceEnd
{
    /// <summary>The speaker paused for the minimum silence.</summary>
    Silence,

    /// <summary>It reached the maximum utterance length and was cut at its quietest frame; speech continues.</summary>
    MaxLength,

    /// <summary>The audio ended.</summary>
    EndOfStream,
}
