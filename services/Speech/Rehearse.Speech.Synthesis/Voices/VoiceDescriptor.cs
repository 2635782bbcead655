namespace Rehearse.Speech.Synthesis.Voices;

/// <summary>One voice a request can ask for: a named, curated speaker or a raw <c>speaker:&lt;n&gt;</c>.</summary>
/// <param name="Id">Identifier clients pass, e.g. <c>en-US-ava</c> or <c>speaker:42</c>.</param>
/// <param name="DisplayName">Name to show people.</param>
/// <param name="LanguageCode">BCP-47 language the voice speaks, e.g. <c>en-US</c>.</param>
/// <param name="Gender">Perceived gender.</param>
/// <param name="SampleRate">Sample rate the model produces.</param>
/// <param name="Family">Model family, e.g. <c>piper</c>.</param>
/// <param name="Description">How the voice sounds.</param>
/// <param name="Speaker">Speaker number inside the model (0 for single-speaker models).</param>
/// <param name="PackId">The voice pack the voice belongs to.</param>
public sealed record VoiceDescriptor(
    string Id,
    string DisplayName,
    string LanguageCode,
    VoiceGender Gender,
    int SampleRate,
    string Family,
    string Description,
    int Speaker,
    string PackId);
