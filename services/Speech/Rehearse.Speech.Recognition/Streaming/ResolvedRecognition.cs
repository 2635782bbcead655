using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Segmentation;
using Rehearse.Speech.Recognition.Turns;

namespace Rehearse.Speech.Recognition.Streaming;

/// <summary>A call's settings after validation, with the server defaults filled in.</summary>
/// <remarks>
/// <see cref="Acoustics"/> is set when the call asked for acoustic features (<see cref="ReportAcoustics"/>) or for turn
/// detection, which measures them for its estimates whether or not they are reported.
/// </remarks>
internal sealed record ResolvedRecognition(
    ISpeechRecognizer Recognizer,
    RecognitionAudioFormat AudioFormat,
    string LanguageCode,
    EndpointingSettings Endpointing,
    TimeSpan InterimInterval,
    bool InterimResults,
    bool VoiceActivityEvents,
    AcousticAnalyzer? Acoustics,
    bool ReportAcoustics,
    TurnDetectionSettings? TurnDetection)
{
    /// <summary>Validates <paramref name="settings"/> against the server's rules.</summary>
    /// <exception cref="RecognitionArgumentException">A field is missing, unknown or out of range.</exception>
    public static ResolvedRecognition Resolve(RecognitionSettings settings, RecognitionOptions options, RecognitionModelRegistry models, AcousticAnalyzer acoustics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.AudioFormat is null)
        {
            throw new RecognitionArgumentException("config.audio_format", "is required.");
        }
        var language = RecognitionLanguage.Validate(settings.LanguageCode);
        // Validates encoding, rate and channels now, so a bad format is refused before any audio is read.
        _ = new AudioInput(settings.AudioFormat);

        var defaults = options.Endpointing;
        var overrides = settings.Endpointing ?? new EndpointingOverrides();
        var minSilence = InRange(overrides.MinSilence, defaults.MinSilence, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), "config.endpointing.min_silence");
        var maxUtterance = InRange(overrides.MaxUtterance, defaults.MaxUtterance, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), "config.endpointing.max_utterance");
        var interim = InRange(overrides.InterimInterval, defaults.InterimInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), "config.endpointing.interim_interval");
        var threshold = overrides.SpeechThreshold ?? defaults.SpeechThreshold;
        if (threshold is <= 0 or >= 1 || float.IsNaN(threshold))
        {
            throw new RecognitionArgumentException("config.endpointing.speech_threshold", $"{threshold} is outside (0, 1).");
        }
        var endpointing = new EndpointingSettings(
            threshold,
            Math.Max(threshold - defaults.Hysteresis, 0.01f),
            minSilence,
            defaults.MinSpeech,
            defaults.SpeechPadding,
            maxUtterance);

        var turns = ResolveTurns(settings.TurnDetection, options.TurnDetection);
        var recognizer = models.Get(settings.Model);
        return new ResolvedRecognition(recognizer, settings.AudioFormat, language, endpointing, interim, settings.InterimResults, settings.VoiceActivityEvents,
            settings.AcousticFeatures || turns is not null ? acoustics : null, settings.AcousticFeatures, turns);
    }

    /// <summary>The turn detection settings, or null when it is off. Values are checked whenever they are sent.</summary>
    private static TurnDetectionSettings? ResolveTurns(TurnDetectionOverrides? overrides, TurnDetectionOptions defaults)
    {
        if (overrides is null)
        {
            return null;
        }
        var minWait = InRange(overrides.MinWait, defaults.MinWait, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), "config.turn_detection.min_wait");
        var maxWait = InRange(overrides.MaxWait, defaults.MaxWait, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), "config.turn_detection.max_wait");
        var maxBackchannel = InRange(overrides.MaxBackchannel, defaults.MaxBackchannel, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3), "config.turn_detection.max_backchannel");
        if (minWait > maxWait)
        {
            // Name the field the caller set; when both were set, min_wait.
            var field = overrides.MinWait is null ? "config.turn_detection.max_wait" : "config.turn_detection.min_wait";
            throw new RecognitionArgumentException(field, $"min_wait ({minWait.TotalMilliseconds:0} ms) must not exceed max_wait ({maxWait.TotalMilliseconds:0} ms).");
        }
        return overrides.Enabled
            ? new TurnDetectionSettings(minWait, maxWait, maxBackchannel, defaults.FirstCheck, defaults.RecheckInterval)
            : null;
    }

    private static TimeSpan InRange(TimeSpan? requested, TimeSpan fallback, TimeSpan min, TimeSpan max, string field)
    {
        if (requested is not { } value)
        {
            return fallback;
        }
        if (value < min || value > max)
        {
            throw new RecognitionArgumentException(field, $"{value.TotalMilliseconds:0} ms is outside {min.TotalMilliseconds:0}..{max.TotalMilliseconds:0} ms.");
        }
        return value;
    }
}
