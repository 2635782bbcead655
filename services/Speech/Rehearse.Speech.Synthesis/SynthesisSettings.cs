using Rehearse.Speech.Synthesis.Output;

namespace Rehearse.Speech.Synthesis;

/// <summary>What a client asks of one synthesis stream; zero or empty values take the defaults.</summary>
public sealed record SynthesisSettings
{
    /// <summary>Voice id, <c>speaker:&lt;n&gt;</c>, or empty for the default voice.</summary>
    public string? Voice { get; init; }

    /// <summary>Output encoding.</summary>
    public OutputEncoding Encoding { get; init; } = OutputEncoding.Linear16;

    /// <summary>Output sample rate; 0 is the voice's native rate.</summary>
    public int SampleRate { get; init; }

    /// <summary>1 is normal, 2 twice as fast, 0.5 half as fast; 0 means 1.</summary>
    public float SpeakingRate { get; init; }

    /// <summary>Liveliness in (0, 1]; 0 uses the voice's default.</summary>
    public float Variation { get; init; }

    /// <summary>BCP-47 language of the text; empty means the voice's.</summary>
    public string? LanguageCode { get; init; }

    /// <summary>Target chunk length; null or zero uses the configured default.</summary>
    public TimeSpan? ChunkDuration { get; init; }
}
