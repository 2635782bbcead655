using System.Buffers.Binary;

namespace Rehearse.Interview.Benchmarks;

/// <summary>Where speech is in 16 kHz LINEAR16 audio, judged by level as a listener would.</summary>
internal static class SpeechLevels
{
    /// <summary>The level below which audio counts as silence: -40 dBFS.</summary>
    public const double SilenceDbfs = -40;

    private static readonly int SilencePeak = (int)Math.Round(32768 * Math.Pow(10, SilenceDbfs / 20));
    private static readonly int FrameSamples = RecordedAnswer.SampleRate / 100;

    /// <summary>The end of the last sample louder than -40 dBFS (zero when there is none).</summary>
    public static TimeSpan LastSound(ReadOnlySpan<byte> pcm)
    {
        for (var i = pcm.Length / 2 - 1; i >= 0; i--)
        {
            if (Math.Abs((int)Sample(pcm, i)) > SilencePeak)
            {
                return Time(i + 1);
            }
        }
        return TimeSpan.Zero;
    }

    /// <summary>The start of the first sample louder than -40 dBFS (zero when there is none).</summary>
    public static TimeSpan FirstSound(ReadOnlySpan<byte> pcm)
    {
        for (var i = 0; i < pcm.Length / 2; i++)
        {
            if (Math.Abs((int)Sample(pcm, i)) > SilencePeak)
            {
                return Time(i);
            }
        }
        return TimeSpan.Zero;
    }

    /// <summary>
    /// The longest gap between words in the middle of the audio: a run of 10 ms frames whose RMS level is below
    /// -40 dBFS, at least <paramref name="minimum"/> long, centred between <paramref name="from"/> and
    /// <paramref name="to"/> (fractions of the audio's length); <c>null</c> when there is none.
    /// </summary>
    public static (TimeSpan Start, TimeSpan End)? WordGap(ReadOnlySpan<byte> pcm, TimeSpan minimum, double from = 0.3, double to = 0.7)
    {
        var frames = pcm.Length / 2 / FrameSamples;
        (int Start, int End)? best = null;
        var runStart = -1;
        for (var f = 0; f <= frames; f++)
        {
            var quiet = f < frames && FrameRms(pcm, f) < SilencePeak / Math.Sqrt(2);
            if (quiet && runStart < 0)
            {
                runStart = f;
            }
            else if (!quiet && runStart >= 0)
            {
                var middle = (runStart + f) / 2.0 / frames;
                if (middle >= from && middle <= to && Time((f - runStart) * FrameSamples) >= minimum
                    && (best is null || f - runStart > best.Value.End - best.Value.Start))
                {
                    best = (runStart, f);
                }
                runStart = -1;
            }
        }
        return best is { } gap ? (Time(gap.Start * FrameSamples), Time(gap.End * FrameSamples)) : null;
    }

    /// <summary>The byte offset of <paramref name="time"/> in LINEAR16 audio.</summary>
    public static int ByteOffset(TimeSpan time) => (int)Math.Round(time.TotalSeconds * RecordedAnswer.SampleRate) * 2;

    private static double FrameRms(ReadOnlySpan<byte> pcm, int frame)
    {
        double sum = 0;
        for (var i = frame * FrameSamples; i < (frame + 1) * FrameSamples; i++)
        {
            double s = Sample(pcm, i);
            sum += s * s;
        }
        return Math.Sqrt(sum / FrameSamples);
    }

    private static short Sample(ReadOnlySpan<byte> pcm, int index) => BinaryPrimitives.ReadInt16LittleEndian(pcm[(index * 2)..]);

    private static TimeSpan Time(int samples) => TimeSpan.FromSeconds((double)samples / RecordedAnswer.SampleRate);
}
