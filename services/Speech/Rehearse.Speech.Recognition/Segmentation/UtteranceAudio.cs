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

    /// <summary>Where the speech of <paramref name="utterance"/> lies within its audio from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static Range Speech(UtteranceClosed utterance, long start, long end)
    {
        var length = end - start;
        var from = Math.Clamp(utterance.StartFrame * FrameSamples - start, 0, length);
        var to = Math.Clamp(utterance.EndFrame * FrameSamples - start, from, length);
        return new Range((int)from, (int)to);
    }

    /// <summary>How long the speech of <paramref name="frames"/> voice activity frames lasts.</summary>
    public static TimeSpan Duration(long frames) => frames * EndpointingSettings.FrameDuration;
}
