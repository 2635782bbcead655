using System.ComponentModel.DataAnnotations;

namespace Rehearse.Speech.Recognition.Acoustics;

/// <summary>
/// How acoustic features of utterances are measured (configuration section <c>Speech:Recognition:Acoustics</c>).
/// The hesitation settings are those tuned on spontaneous speech (docs/performance.md).
/// </summary>
public sealed class AcousticsOptions
{
    /// <summary>Shortest voiced hesitation.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:00:05")]
    public TimeSpan HesitationMinDuration { get; set; } = HesitationSettings.Default.MinDuration;

    /// <summary>Longest voiced hesitation; longer steady sounds are held vowels or music.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:00:05")]
    public TimeSpan HesitationMaxDuration { get; set; } = HesitationSettings.Default.MaxDuration;

    /// <summary>Normalised autocorrelation peak that makes a frame voiced enough for a hesitation.</summary>
    [Range(0.0, 1.0)]
    public double HesitationMinVoicing { get; set; } = HesitationSettings.Default.MinVoicing;

    /// <summary>Largest spectral change between frames (dB) of a steady frame.</summary>
    [Range(0.0, 20.0)]
    public double HesitationMaxSpectralFlux { get; set; } = HesitationSettings.Default.MaxSpectralFlux;

    /// <summary>Largest relative change of the pitch period between steady frames.</summary>
    [Range(0.0, 1.0)]
    public double HesitationMaxPitchChange { get; set; } = HesitationSettings.Default.MaxPitchChange;

    /// <summary>Largest share of zero crossings of a steady frame.</summary>
    [Range(0.0, 1.0)]
    public double HesitationMaxZeroCrossingRate { get; set; } = HesitationSettings.Default.MaxZeroCrossingRate;

    /// <summary>How far above the noise floor (dB) a steady frame must be.</summary>
    [Range(0.0, 60.0)]
    public double HesitationLevelAboveFloor { get; set; } = HesitationSettings.Default.LevelAboveFloor;

    /// <summary>Normalised autocorrelation peak at or above which a frame counts as voiced for the prosody features.</summary>
    [Range(0.1, 1.0)]
    public double VoicingThreshold { get; set; } = 0.6;

    /// <summary>The stretch of speech before the voice stops over which the final pitch trend is measured.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:02")]
    public TimeSpan PitchTrendWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Voiced time needed within that stretch for a pitch trend; with less it is unknown.</summary>
    [Range(typeof(TimeSpan), "00:00:00.03", "00:00:02")]
    public TimeSpan MinPitchTrendVoicing { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Pitch slopes within plus or minus this many semitones per second count as flat.</summary>
    [Range(0.0, 100.0)]
    public double FlatPitchSlope { get; set; } = 2;

    /// <summary>The stretch before the voice stops whose level is the last syllable's.</summary>
    [Range(typeof(TimeSpan), "00:00:00.02", "00:00:01")]
    public TimeSpan FinalLevelWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The hesitation detector's settings.</summary>
    public HesitationSettings ToHesitationSettings() => new(
        HesitationMinDuration,
        HesitationMaxDuration,
        HesitationMinVoicing,
        HesitationMaxSpectralFlux,
        HesitationMaxPitchChange,
        HesitationMaxZeroCrossingRate,
        HesitationLevelAboveFloor);

    /// <summary>Every broken rule of these options (empty when valid), each naming the setting under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), errors, validateAllProperties: true);
        var messages = errors.Select(error => $"{section}: {error.ErrorMessage}").ToList();
        if (HesitationMinDuration > HesitationMaxDuration)
        {
            messages.Add($"{section}: HesitationMinDuration ({HesitationMinDuration.TotalMilliseconds:0} ms) must not exceed HesitationMaxDuration ({HesitationMaxDuration.TotalMilliseconds:0} ms).");
        }
        if (MinPitchTrendVoicing > PitchTrendWindow)
        {
            messages.Add($"{section}: MinPitchTrendVoicing ({MinPitchTrendVoicing.TotalMilliseconds:0} ms) must not exceed PitchTrendWindow ({PitchTrendWindow.TotalMilliseconds:0} ms).");
        }
        return messages;
    }
}
