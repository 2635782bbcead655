namespace Rehearse.Speech.Recognition.Engine;

/// <summary>
/// A speech-to-text model that transcribes one utterance at a time. Implementations are thread-safe: one instance
/// serves every concurrent call.
/// </summary>
public interface ISpeechRecognizer
{
    /// <summary>The name requests use to choose this model, e.g. <c>moonshine-base</c>.</summary>
    string ModelName { get; }

    /// <summary>
    /// Transcribes <paramref name="samples"/> (mono, 16 kHz, in [-1, 1]). Runs on the calling thread; cancelling
    /// <paramref name="cancellationToken"/> stops the model at once and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Transcript Transcribe(ReadOnlySpan<float> samples, CancellationToken cancellationToken);
}

/// <summary>The text a model produced for one utterance.</summary>
/// <param name="Text">Cased and punctuated text; empty when nothing was said.</param>
/// <param name="Confidence">Geometric mean of the chosen tokens' probabilities, in [0, 1].</param>
/// <param name="TokenCount">Tokens generated, the end token included.</param>
/// <param name="StoppedByRunawayGuard">True when decoding stopped at the length cap or at a loop (see <see cref="Moonshine.MoonshineDecodingLimits"/>) rather than at the end token.</param>
public sealed record Transcript(string Text, float Confidence, int TokenCount, bool StoppedByRunawayGuard)
{
    /// <summary>Nothing said.</summary>
    public static Transcript Empty { get; } = new(string.Empty, 0, 0, false);
}
