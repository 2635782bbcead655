namespace Rehearse.Speech.Synthesis.Voices;

/// <summary>Loads the voice packs of one model family (the pack's <see cref="VoicePackDescription.Family"/>).</summary>
public interface IVoiceModelLoader
{
    /// <summary>The family this loader handles, e.g. <c>piper</c>.</summary>
    string Family { get; }

    /// <summary>Loads <paramref name="pack"/>; its relative file paths are resolved against <paramref name="modelsDirectory"/>.</summary>
    IVoiceModel Load(VoicePackDescription pack, string modelsDirectory);
}
