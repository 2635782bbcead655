namespace Rehearse.Console.Speech;

/// <summary>One utterance of a transcript.</summary>
/// <param name="Index">Zero-based index within the recording.</param>
/// <param name="Start">Start in the audio.</param>
/// <param name="End">End in the audio.</param>
/// <param name="Text">The recognized text.</param>
/// <param name="Confidence">Mean token probability, 0 when unknown.</param>
public sealed record TranscriptSegment(int Index, TimeSpan Start, TimeSpan End, string Text, float Confidence);

/// <summary>The transcript of one input.</summary>
/// <param name="Source">The path, or "-" for standard input.</param>
/// <param name="Segments">Utterances in order.</param>
/// <param name="AudioDuration">Length of the audio, when known.</param>
public sealed record Transcript(string Source, IReadOnlyList<TranscriptSegment> Segments, TimeSpan? AudioDuration)
{
    /// <summary>The utterances' text joined with spaces.</summary>
    public string Text => string.Join(' ', Segments.Select(s => s.Text).Where(t => t.Length > 0));
}
