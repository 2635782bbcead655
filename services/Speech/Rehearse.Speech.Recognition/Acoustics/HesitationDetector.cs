namespace Rehearse.Speech.Recognition.Acoustics;

/// <summary>A voiced hesitation ("uh", "um") found in audio.</summary>
/// <param name="Start">Where it starts.</param>
/// <param name="End">Where it ends.</param>
public sealed record Hesitation(TimeSpan Start, TimeSpan End);

/// <summary>Settings of <see cref="HesitationDetector"/>; the defaults were tuned on spontaneous speech (see docs/performance.md).</summary>
/// <param name="MinDuration">Shortest hesitation.</param>
/// <param name="MaxDuration">Longest hesitation; longer steady sounds are held vowels or music, not "uh".</param>
/// <param name="MinVoicing">Normalised autocorrelation peak in the pitch range that makes a frame voiced, 0 to 1.</param>
/// <param name="MaxSpectralFlux">Largest mean change of the band log spectrum between frames (dB) for a frame to count as steady.</param>
/// <param name="MaxPitchChange">Largest relative change of the pitch period between frames.</param>
/// <param name="MaxZeroCrossingRate">Largest share of zero crossings per sample (fricatives cross often); the default lets
/// everything through because on noisy telephone speech voiced frames cross as often as fricatives.</param>
/// <param name="LevelAboveFloor">How far above the noise floor (dB) a frame must be.</param>
public sealed record HesitationSettings(
    TimeSpan MinDuration,
    TimeSpan MaxDuration,
    double MinVoicing = 0.75,
    double MaxSpectralFlux = 2.0,
    double MaxPitchChange = 0.08,
    double MaxZeroCrossingRate = 0.5,
    double LevelAboveFloor = 15)
{
    /// <summary>The tuned defaults: 250 ms to 1 s.</summary>
    public static HesitationSettings Default { get; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1000));
}

/// <summary>
/// Finds voiced hesitations ("uh", "um") in speech audio. The recognizer leaves them out of its transcripts, so the
/// transcript alone undercounts them. A filled pause is one sustained vowel or nasal: voiced, with a steady pitch
/// and a spectrum that barely changes for a quarter of a second or more, whereas words change sound every 50-100 ms.
/// A frame (see <see cref="AcousticFrames"/>) is steady when it is loud enough above the noise floor, voiced and
/// close to the previous frame in pitch and in spectrum; runs of steady frames lasting 250 ms to 1 s are
/// hesitations. Held word-final vowels ("so...", "the...") look the same and are the main false alarms, so the
/// defaults favour precision over recall: a filler count the audio cannot support is worse than a low one.
/// </summary>
public sealed class HesitationDetector(HesitationSettings? settings = null)
{
    /// <summary>Sample rate of the audio taken.</summary>
    public const int SampleRate = AcousticFrames.SampleRate;

    private readonly HesitationSettings _settings = settings ?? HesitationSettings.Default;

    /// <summary>Hesitations in the audio, in order, timed from its first sample.</summary>
    /// <param name="audio">16 kHz mono samples in [-1, 1].</param>
    /// <param name="noiseFloor">The noise floor in dB relative to full scale; unset takes the audio's own
    /// (see <see cref="NoiseFloor"/>).</param>
    public IReadOnlyList<Hesitation> Detect(ReadOnlySpan<float> audio, double? noiseFloor = null)
    {
        var frames = AcousticFrames.Analyze(audio);
        return Detect(frames, noiseFloor ?? NoiseFloor(frames));
    }

    /// <summary>The level of the quietest tenth of the frames: the noise between words and around the speech.</summary>
    internal static double NoiseFloor(ReadOnlySpan<AcousticFrame> frames)
    {
        if (frames.IsEmpty)
        {
            return double.NegativeInfinity;
        }
        var levels = new double[frames.Length];
        for (var f = 0; f < frames.Length; f++)
        {
            levels[f] = frames[f].Level;
        }
        Array.Sort(levels);
        return levels[frames.Length / 10];
    }

    /// <summary>Hesitations among <paramref name="frames"/>, timed from the first frame's start.</summary>
    internal IReadOnlyList<Hesitation> Detect(ReadOnlySpan<AcousticFrame> frames, double noiseFloor)
    {
        var frameCount = frames.Length;
        if (frameCount < 3)
        {
            return [];
        }

        var minFrames = (int)Math.Ceiling(_settings.MinDuration / AcousticFrames.Time(1));
        var maxFrames = (int)(_settings.MaxDuration / AcousticFrames.Time(1));
        var found = new List<Hesitation>();
        var runStart = -1;
        var misses = 0;
        for (var f = 1; f <= frameCount; f++)
        {
            var steady = f < frameCount && IsSteady(frames[f], frames[f - 1], noiseFloor);
            if (steady)
            {
                runStart = runStart < 0 ? f : runStart;
                misses = 0;
                continue;
            }

            // One unsteady frame inside a run is tolerated (a glottal pulse or a frame straddling a noise click).
            if (runStart >= 0 && f < frameCount && ++misses <= 1)
            {
                continue;
            }

            if (runStart >= 0)
            {
                var end = f - misses;
                var length = end - runStart;
                if (length >= minFrames && length <= maxFrames)
                {
                    found.Add(new Hesitation(AcousticFrames.Time(runStart), AcousticFrames.Time(end) + TimeSpan.FromMilliseconds(15)));
                }
            }

            runStart = -1;
            misses = 0;
        }

        return found;
    }

    private bool IsSteady(AcousticFrame frame, AcousticFrame previous, double floor) =>
        frame.Level > floor + _settings.LevelAboveFloor
        && frame.Voicing >= _settings.MinVoicing
        && frame.ZeroCrossingRate <= _settings.MaxZeroCrossingRate
        && frame.Flux <= _settings.MaxSpectralFlux
        && previous.Lag > 0
        && Math.Abs(frame.Lag - previous.Lag) <= _settings.MaxPitchChange * previous.Lag;
}
