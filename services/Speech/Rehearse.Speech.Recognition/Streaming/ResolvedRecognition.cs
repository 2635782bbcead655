using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Segmentation;

namespace Rehearse.Speech.Recognition.Streaming;

/// <summary>A call's settings after validation, with the server defaults filled in.</summary>
/// <remarks><see cref="Acoustics"/> is set when the call asked for acoustic features.</remarks>
internal sealed record ResolvedRecognition(
    ISpeechRecognizer Recognizer,
    RecognitionAudioFormat AudioFormat,
    string LanguageCode,
    EndpointingSettings Endpointing,
    TimeSpan InterimInterval,
    bool InterimResults,
    bool VoiceActivityEvents,
    AcousticAnalyzer? Acoustics)
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

        var recognizer = models.Get(settings.Model);
        return new ResolvedRecognition(recognizer, settings.AudioFormat, language, endpointing, interim, settings.InterimResults, settings.VoiceActivityEvents,
            settings.AcousticFeatures ? acoustics : null);
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
