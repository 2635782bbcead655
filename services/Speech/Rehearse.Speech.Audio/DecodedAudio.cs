namespace Rehearse.Speech.Audio;

/// <summary>
/// Audio decoded from a file or stream: the format it was stored in and its samples, down-mixed to mono,
/// at the source sample rate, nominally in [-1, 1].
/// </summary>
public sealed record DecodedAudio(PcmFormat SourceFormat, float[] Samples)
{
    /// <summary>The playing time of <see cref="Samples"/>.</summary>
    public TimeSpan Duration => PcmFormat.DurationOfFrames(Samples.Length, SourceFormat.SampleRate);
}
