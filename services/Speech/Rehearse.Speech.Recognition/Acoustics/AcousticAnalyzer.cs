namespace Rehearse.Speech.Recognition.Acoustics;

/// <summary>
/// Measures the <see cref="AcousticFeatures"/> of one utterance from its 16 kHz audio in one pass over 10 ms frames:
/// voiced hesitations (<see cref="HesitationDetector"/>), and the prosody that tells a finished turn from a pause —
/// how the pitch moves and how loud the voice is just before it stops. Thread-safe.
/// </summary>
public sealed class AcousticAnalyzer
{
    /// <summary>Sample rate of the audio taken.</summary>
    public const int SampleRate = AcousticFrames.SampleRate;

    private readonly AcousticsOptions _options;
    private readonly HesitationDetector _hesitations;

    /// <summary>Creates the analyzer.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public AcousticAnalyzer(AcousticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate("options");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
        _options = options;
        _hesitations = new HesitationDetector(options.ToHesitationSettings());
    }

    /// <summary>Measures one utterance.</summary>
    /// <param name="audio">The utterance's audio (16 kHz mono in [-1, 1]), usually with some padding around its speech.</param>
    /// <param name="offset">Where <paramref name="audio"/> starts in the call; the hesitations are timed from the same origin.</param>
    /// <param name="speech">Where the speech lies within <paramref name="audio"/>, in samples; prosody is measured there.</param>
    /// <param name="speechDuration">How long the speech lasted, as reported.</param>
    /// <param name="noiseFloor">The call's noise floor in dB relative to full scale; unset takes the utterance's own.</param>
    public AcousticFeatures Analyze(ReadOnlySpan<float> audio, TimeSpan offset, Range speech, TimeSpan speechDuration, double? noiseFloor = null)
    {
        var frames = AcousticFrames.Analyze(audio);
        var hesitations = _hesitations.Detect(frames, noiseFloor ?? HesitationDetector.NoiseFloor(frames))
            .Select(h => new Hesitation(offset + h.Start, offset + h.End))
            .ToArray();

        // A frame belongs to the speech when its centre does.
        var (speechStart, speechLength) = speech.GetOffsetAndLength(audio.Length);
        var first = Math.Max(0, (int)Math.Ceiling((speechStart - (AcousticFrames.FrameLength / 2.0)) / AcousticFrames.Hop));
        var end = Math.Min(frames.Length, (int)Math.Ceiling((speechStart + speechLength - (AcousticFrames.FrameLength / 2.0)) / AcousticFrames.Hop));
        var voiced = new List<int>();
        for (var f = first; f < end; f++)
        {
            if (frames[f].Voicing >= _options.VoicingThreshold && frames[f].PitchLag > 0)
            {
                voiced.Add(f);
            }
        }
        if (voiced.Count == 0)
        {
            return new AcousticFeatures(hesitations, speechDuration, TimeSpan.Zero, PitchTrend.Unknown, 0, 0);
        }

        var (trend, slope) = FinalPitch(frames, voiced);
        return new AcousticFeatures(hesitations, speechDuration, AcousticFrames.Time(voiced.Count), trend, slope, FinalLevel(frames, voiced), FinalLengthening(voiced));
    }

    /// <summary>
    /// The last run of voiced frames over the median run, counting runs of 3 frames (30 ms) or more and bridging single
    /// unvoiced frames; 0 with fewer than <see cref="MinVoicedRuns"/> runs. A voiced run is roughly one syllable's vowel
    /// and voiced consonants, so the ratio tells a drawn-out last syllable from the speaker's usual pace.
    /// </summary>
    internal static double FinalLengthening(List<int> voiced)
    {
        Span<int> runs = stackalloc int[Math.Min(voiced.Count, 512)];
        var count = 0;
        var runStart = voiced[0];
        for (var i = 1; i <= voiced.Count; i++)
        {
            if (i < voiced.Count && voiced[i] - voiced[i - 1] <= 2)
            {
                continue;
            }
            var length = voiced[i - 1] - runStart + 1;
            if (length >= 3)
            {
                // Keep the latest runs when there are more than the buffer holds.
                if (count == runs.Length)
                {
                    runs[1..].CopyTo(runs);
                    count--;
                }
                runs[count++] = length;
            }
            if (i < voiced.Count)
            {
                runStart = voiced[i];
            }
        }
        if (count < MinVoicedRuns)
        {
            return 0;
        }
        var last = runs[count - 1];
        var sorted = runs[..count];
        sorted.Sort();
        var median = count % 2 == 1 ? sorted[count / 2] : (sorted[(count / 2) - 1] + sorted[count / 2]) / 2.0;
        return last / median;
    }

    /// <summary>Runs needed for a median worth comparing with.</summary>
    private const int MinVoicedRuns = 4;

    /// <summary>
    /// The pitch slope over the voiced frames of the last <see cref="AcousticsOptions.PitchTrendWindow"/> before the voice
    /// stops, in semitones per second: the median of the slopes between every pair of frames (Theil-Sen), which a
    /// few frames tracked at the wrong octave do not move.
    /// </summary>
    private (PitchTrend Trend, double Slope) FinalPitch(AcousticFrame[] frames, List<int> voiced)
    {
        var last = voiced[^1];
        var window = (int)Math.Round(_options.PitchTrendWindow / AcousticFrames.Time(1));
        var inWindow = voiced.Where(f => f > last - window).ToArray();
        if (AcousticFrames.Time(inWindow.Length) < _options.MinPitchTrendVoicing)
        {
            return (PitchTrend.Unknown, 0);
        }

        var slopes = new List<double>(inWindow.Length * (inWindow.Length - 1) / 2);
        for (var i = 0; i < inWindow.Length; i++)
        {
            for (var j = i + 1; j < inWindow.Length; j++)
            {
                // Semitones between the two pitches: the pitch is the sample rate over the period.
                var semitones = 12 * Math.Log2((double)frames[inWindow[i]].PitchLag / frames[inWindow[j]].PitchLag);
                slopes.Add(semitones / AcousticFrames.Time(inWindow[j] - inWindow[i]).TotalSeconds);
            }
        }
        var slope = Median(slopes);
        var trend = slope <= -_options.FlatPitchSlope ? PitchTrend.Falling
            : slope >= _options.FlatPitchSlope ? PitchTrend.Rising
            : PitchTrend.Flat;
        return (trend, slope);
    }

    /// <summary>The mean power of the voiced frames of the last syllable, in dB relative to the median voiced frame.</summary>
    private double FinalLevel(AcousticFrame[] frames, List<int> voiced)
    {
        var last = voiced[^1];
        var window = Math.Max(1, (int)Math.Round(_options.FinalLevelWindow / AcousticFrames.Time(1)));
        var final = voiced.Where(f => f > last - window).Select(f => Math.Pow(10, frames[f].Level / 10)).Average();
        return (10 * Math.Log10(final)) - Median(voiced.Select(f => frames[f].Level).ToList());
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
