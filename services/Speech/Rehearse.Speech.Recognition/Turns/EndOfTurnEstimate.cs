namespace Rehearse.Speech.Recognition.Turns;

/// <summary>How likely a turn is over after its latest utterance, and how much silence it is given before it ends.</summary>
/// <param name="Probability">Probability in [0, 1] that the turn is over.</param>
/// <param name="Wait">Silence after the end of speech before the turn ends, between the minimum and maximum wait.</param>
/// <param name="Cues">The evidence behind the probability, strongest first.</param>
public sealed record EndOfTurnEstimate(double Probability, TimeSpan Wait, IReadOnlyList<TurnCue> Cues);
