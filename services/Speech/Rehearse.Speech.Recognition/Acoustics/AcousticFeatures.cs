namespace Rehearse.Speech.Recognition.Acoustics;

/// <summary>How the pitch moves at the end of an utterance.</summary>
public enum PitchTrend
{
    /// <summary>Too little voiced speech at the end to tell.</summary>
    Unknown,

    /// <summary>The pitch falls (as it tends to at the end of a statement).</summary>
    Falling,

    /// <summary>The pitch stays level within the flat band.</summary>
    Flat,

    /// <summary>The pitch rises (as in many questions, or when the speaker means to go on).</summary>
    Rising,
}

/// <summary>Acoustic features of one utterance, measured from its own audio.</summary>
/// <param name="Hesitations">Voiced hesitations ("uh", "um") in the utterance, timed like the utterance's result.</param>
/// <param name="SpeechDuration">How long the utterance's speech lasted, as voice activity detection found it (without
/// the padding around it; for a result that joins several utterances, the sum of theirs).</param>
/// <param name="VoicedDuration">How long the voice sounded within that speech (frames with a clear pitch).</param>
/// <param name="FinalPitchTrend">How the pitch moves over the last stretch of voiced speech.</param>
/// <param name="FinalPitchSlope">That pitch movement in semitones per second (negative: falling); 0 when unknown.</param>
/// <param name="FinalLevel">Level of the last syllable (the voiced frames just before the voice stops) relative to the
/// median level of the utterance's voiced frames, in dB; negative when the voice fades at the end; 0 without voiced speech.</param>
/// <param name="FinalLengthening">How drawn out the last syllable is: the length of the last run of voiced frames over the
/// median length of the utterance's runs (about one per syllable); 0 when there are too few runs to tell.</param>
public sealed record AcousticFeatures(
    IReadOnlyList<Hesitation> Hesitations,
    TimeSpan SpeechDuration,
    TimeSpan VoicedDuration,
    PitchTrend FinalPitchTrend,
    double FinalPitchSlope,
    double FinalLevel,
    double FinalLengthening = 0);
