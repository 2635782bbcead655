namespace Rehearse.Interview.Interviewers.Analytics;

/// <summary>A voiced hesitation found in an answer's audio.</summary>
public sealed record Hesitation(TimeSpan Start, TimeSpan End);

/// <summary>Finds voiced hesitations ("uh", "um") in answer audio outside the recognized words.</summary>
public sealed class HesitationDetector
{
    /// <summary>Sample rate of the audio taken.</summary>
    public const int SampleRate = 16_000;

    /// <summary>Hesitations in the audio, in order.</summary>
    public IReadOnlyList<Hesitation> Detect(ReadOnlySpan<float> audio, IReadOnlyList<AnswerSegment> segments) => [];
}
