using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Turns;

namespace Rehearse.Speech.Recognition.Streaming;

/// <summary>Something a recognition call reports: a change in voice activity or a transcript.</summary>
public abstract record RecognitionEvent;

/// <summary>Whether speech began or ended.</summary>
public enum SpeechActivity
{
    /// <summary>Speech started.</summary>
    Began,

    /// <summary>Speech stopped (endpointing silence passed, or the audio ended); the final result follows.</summary>
    Ended,
}

/// <summary>A change in voice activity.</summary>
/// <param name="Activity">What changed.</param>
/// <param name="Offset">Where in the call's audio.</param>
/// <param name="SegmentIndex">The utterance it belongs to.</param>
public sealed record SpeechActivityEvent(SpeechActivity Activity, TimeSpan Offset, int SegmentIndex) : RecognitionEvent;

/// <summary>The transcript of one utterance, interim or final.</summary>
/// <param name="Text">Cased and punctuated text; empty when no words were recognized.</param>
/// <param name="IsFinal">True for the utterance's last result, never revised.</param>
/// <param name="Stability">For interim results, the share of the text unchanged since the previous interim; 1 for finals.</param>
/// <param name="StartOffset">Start of the utterance in the call's audio.</param>
/// <param name="EndOffset">End of the utterance (final) or of the audio decoded so far (interim).</param>
/// <param name="SegmentIndex">Zero-based index of the utterance in the call.</param>
/// <param name="Confidence">Mean per-token probability, in [0, 1].</param>
/// <param name="Acoustics">The utterance's acoustic features: on final results when the call asked for them, otherwise null.</param>
public sealed record TranscriptEvent(
    string Text,
    bool IsFinal,
    float Stability,
    TimeSpan StartOffset,
    TimeSpan EndOffset,
    int SegmentIndex,
    float Confidence,
    AcousticFeatures? Acoustics = null) : RecognitionEvent;

/// <summary>What turn detection decided.</summary>
public enum TurnEventKind
{
    /// <summary>The speech that began starts a turn: it holds a word that is not a backchannel, or outlasted a backchannel.</summary>
    TurnBegan,

    /// <summary>The utterance ended without beginning a turn (a backchannel or a sound without words).</summary>
    Backchannel,

    /// <summary>After a final result: how likely the turn is over, and the silence it is given.</summary>
    EndEstimate,

    /// <summary>The estimate's wait passed in analysed silence: the turn is over.</summary>
    TurnEnded,
}

/// <summary>A turn detection decision.</summary>
/// <param name="Kind">What was decided.</param>
/// <param name="SegmentIndex">The utterance it is about.</param>
/// <param name="Offset">Speech onset (turn began), end of speech (backchannel, estimate) or the point in the silence where the turn ended.</param>
/// <param name="Estimate">Estimates and ends: the probability, wait and cues; otherwise null.</param>
/// <param name="Transcript">Turn began: the words that began it; backchannel: what was heard; otherwise empty.</param>
public sealed record TurnEvent(TurnEventKind Kind, int SegmentIndex, TimeSpan Offset, EndOfTurnEstimate? Estimate = null, string Transcript = "") : RecognitionEvent;
