namespace Rehearse.Speech.Recognition.Turns;

/// <summary>How one call detects turns (a request's values with the server defaults filled in).</summary>
/// <param name="MinWait">Silence after speech before a turn that is clearly over ends.</param>
/// <param name="MaxWait">Silence after speech after which a turn ends whatever was said.</param>
/// <param name="MaxBackchannel">Longest speech that can still be a backchannel.</param>
/// <param name="FirstCheck">Speech after an onset when it is first decoded to tell a turn from a backchannel.</param>
/// <param name="RecheckInterval">Further speech between later decodes while only backchannel words were heard.</param>
public sealed record TurnDetectionSettings(TimeSpan MinWait, TimeSpan MaxWait, TimeSpan MaxBackchannel, TimeSpan FirstCheck, TimeSpan RecheckInterval);
