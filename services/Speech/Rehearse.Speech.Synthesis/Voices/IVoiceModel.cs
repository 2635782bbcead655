namespace Rehearse.Speech.Synthesis.Voices;

/// <summary>
/// A loaded voice model of one family (Piper/VITS today; Kokoro or another family can implement the same
/// interface): turns one normalised sentence into mono samples at <see cref="VoicePackDescription.SampleRate"/>.
/// Implementations are thread-safe; the model is loaded once and shared by all requests.
/// </summary>
public interface IVoiceModel : IDisposable
{
    /// <summary>The voice pack the model was loaded from.</summary>
    VoicePackDescription Pack { get; }

    /// <summary>The curated voices of the pack, in the pack's order.</summary>
    IReadOnlyList<VoiceDescriptor> Voices { get; }

    /// <summary>Number of raw speakers (<c>speaker:0</c> to <c>speaker:n-1</c>); 1 for single-speaker models.</summary>
    int SpeakerCount { get; }

    /// <summary>Synthesizes <paramref name="normalizedText"/> (output of the text normaliser, one sentence).</summary>
    /// <returns>Mono samples in [-1, 1] at the pack's sample rate; empty when there is nothing to say.</returns>
    Task<float[]> SynthesizeAsync(string normalizedText, VoiceDescriptor voice, VoiceSettings settings, CancellationToken cancellationToken);
}
