namespace Rehearse.Speech.Synthesis.Voices;

/// <summary>Per-request delivery settings, already validated.</summary>
/// <param name="SpeakingRate">1 is normal, 2 twice as fast, 0.5 half as fast.</param>
/// <param name="Variation">Liveliness of intonation and timing in [0, 1]; <c>null</c> uses the voice pack's default.</param>
public sealed record VoiceSettings(float SpeakingRate = 1f, float? Variation = null);
