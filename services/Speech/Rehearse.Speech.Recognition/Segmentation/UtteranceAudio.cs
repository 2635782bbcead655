namespace Rehearse.Speech.Recognition.Segmentation;

/// <summary>Where a closed utterance's audio lies, in samples from the start of the call.</summary>
internal static class UtteranceAudio
{
    /// <summary>Samples per voice activity frame.</summary>
    public const int FrameSamples = 512;

    /// <summary>
    /// The samples to decode for <paramref name="utterance"/>: its frames plus <paramref name="paddingSamples"/> on each
    /// side that is a speech edge (not a cut inside continuous speech), within the audio still available.
    /// </summary>
    public static (long Start, long End) Bounds(UtteranceClosed utterance, int paddingSamples, long availableStart, long availableEnd)
    {
        var start = utterance.StartFrame * FrameSamples - (utterance.StartsAtCut ? 0 : paddingSamples);
        var end = utterance.EndFrame * FrameSamples + (utterance.Reason == UtteranceEnd.MaxLength ? 0 : paddingSamples);
        start = Math.Clamp(start, availableStart, availableEnd);
        end = Math.Clamp(end, start, availableEnd);
        return (start, end);
    }
}
