namespace Rehearse.Speech.Recognition.Engine;

/// <summary>The recognition models this engine knows, by the name requests use.</summary>
public static class RecognitionModelCatalog
{
    /// <summary>Moonshine base: the default, more accurate.</summary>
    public const string MoonshineBase = "moonshine-base";

    /// <summary>Moonshine tiny: the fastest.</summary>
    public const string MoonshineTiny = "moonshine-tiny";

    /// <summary>Every known model name.</summary>
    public static IReadOnlyList<string> Names { get; } = [MoonshineBase, MoonshineTiny];

    /// <summary>True for a known model name (exact, lower case).</summary>
    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);
}
