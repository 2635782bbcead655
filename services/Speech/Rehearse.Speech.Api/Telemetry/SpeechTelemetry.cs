namespace Rehearse.Speech.Api.Telemetry;

/// <summary>The Speech service's meter: the engines' instruments are created on it (see docs/operations.md).</summary>
public static class SpeechTelemetry
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Rehearse.Speech";
}
