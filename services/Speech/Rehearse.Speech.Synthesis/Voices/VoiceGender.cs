namespace Rehearse.Speech.Synthesis.Voices;

/// <summary>The perceived gender of a voice.</summary>
public enum VoiceGender
{
    /// <summary>Not known.</summary>
    Unspecified,

    /// <summary>Sounds female.</summary>
    Female,

    /// <summary>Sounds male.</summary>
    Male,

    /// <summary>Neither clearly female nor male.</summary>
    Neutral,
}
