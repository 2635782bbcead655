using Rehearse.Speech.Recognition.Input;

namespace Rehearse.Speech.Recognition.Streaming;

/// <summary>What one recognition call asks for.</summary>
/// <param name="AudioFormat">Format of the audio that follows.</param>
/// <param name="LanguageCode">BCP-47 language; empty means en-US. Only English is accepted.</param>
/// <param name="Model">Model name; empty means the server default.</param>
/// <param name="InterimResults">Send interim results while speech continues.</param>
/// <param name="VoiceActivityEvents">Send speech began / ended events.</param>
/// <param name="Endpointing">Per-call endpointing overrides.</param>
/// <param name="AcousticFeatures">Measure the acoustic features of every final result's utterance.</param>
/// <param name="TurnDetection">Turn detection (streams only); null means off.</param>
public sealed record RecognitionSettings(
    RecognitionAudioFormat AudioFormat,
    string? LanguageCode = null,
    string? Model = null,
    bool InterimResults = false,
    bool VoiceActivityEvents = false,
    EndpointingOverrides? Endpointing = null,
    bool AcousticFeatures = false,
    TurnDetectionOverrides? TurnDetection = null);

/// <summary>Per-call endpointing settings; <c>null</c> takes the server default.</summary>
/// <param name="MinSilence">Silence that ends an utterance (100 ms to 10 s).</param>
/// <param name="MaxUtterance">Longest utterance before it is cut (2 s to 30 s).</param>
/// <param name="SpeechThreshold">Speech probability threshold, in (0, 1).</param>
/// <param name="InterimInterval">New audio between interim decodes (100 ms to 5 s).</param>
public sealed record EndpointingOverrides(
    TimeSpan? MinSilence = null,
    TimeSpan? MaxUtterance = null,
    float? SpeechThreshold = null,
    TimeSpan? InterimInterval = null);

/// <summary>Per-call turn detection settings; <c>null</c> takes the server default.</summary>
/// <param name="Enabled">Send turn events.</param>
/// <param name="MinWait">Silence before a turn that is clearly over ends (100 ms to 10 s, at most the max wait).</param>
/// <param name="MaxWait">Silence after which a turn ends whatever was said (500 ms to 30 s).</param>
/// <param name="MaxBackchannel">Longest speech that can still be a backchannel (200 ms to 3 s).</param>
public sealed record TurnDetectionOverrides(
    bool Enabled,
    TimeSpan? MinWait = null,
    TimeSpan? MaxWait = null,
    TimeSpan? MaxBackchannel = null);
