namespace Rehearse.Speech.Recognition.Turns;

/// <summary>One piece of evidence an end-of-turn estimate used (docs/turn-taking.md).</summary>
public enum TurnCue
{
    /// <summary>The words read as a finished thought.</summary>
    CompleteThought,

    /// <summary>The words end on a word that needs more: a conjunction, preposition, article, auxiliary or subject pronoun.</summary>
    TrailingConnective,

    /// <summary>The words end on a filler ("um", "you know"), or the voice ends on a voiced hesitation.</summary>
    TrailingHesitation,

    /// <summary>A list was announced or begun and not finished.</summary>
    OpenList,

    /// <summary>The speaker asked for time ("let me think", "give me a second").</summary>
    AskedForTime,

    /// <summary>The pitch falls at the end.</summary>
    FallingPitch,

    /// <summary>The pitch rises or stays level at the end.</summary>
    HeldPitch,

    /// <summary>The voice fades over the last syllable.</summary>
    EnergyDecay,

    /// <summary>The last syllable is drawn out.</summary>
    FinalLengthening,

    /// <summary>The words end with a question to the listener.</summary>
    Question,
}
