using System.ComponentModel.DataAnnotations;
using Rehearse.Speech.Recognition.Acoustics;

namespace Rehearse.Speech.Recognition.Engine;

/// <summary>Server-side settings of speech recognition (configuration section <c>Speech:Recognition</c>).</summary>
public sealed class RecognitionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Speech:Recognition";

    /// <summary>Model used when a request names none.</summary>
    [Required]
    public string DefaultModel { get; set; } = RecognitionModelCatalog.MoonshineBase;

    /// <summary>
    /// Models loaded (and warmed up) when the service starts, comma-separated, so the first request does not pay
    /// for loading; empty loads every model on first use. (A string, not a list: configuration binding appends
    /// to a list's defaults instead of replacing them.)
    /// </summary>
    public string PreloadModels { get; set; } = $"{RecognitionModelCatalog.MoonshineBase},{RecognitionModelCatalog.MoonshineTiny}";

    /// <summary>The names in <see cref="PreloadModels"/>.</summary>
    public IReadOnlyList<string> PreloadModelNames =>
        (PreloadModels ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Threads one model run may use (ONNX Runtime intra-op threads).</summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Model runs (decodes) in flight at once across all calls; about one per core. Final results wait for a
    /// free slot; interim results are skipped when none is free.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentDecodes { get; set; } = 2;

    /// <summary>Recognition calls (streams and whole-file requests) served at once; more are refused.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRecognitions { get; set; } = 8;

    /// <summary>How long a call may wait for a free place before it is refused; zero refuses at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan AdmissionWait { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Give the native memory of a call's model runs back to the operating system when the call ends (the shared
    /// ONNX Runtime arena's unused regions, then glibc's free memory), so the service returns near its idle size
    /// after a burst of calls instead of keeping its peak. The next call pays for faulting its buffers in again.
    /// </summary>
    public bool ReleaseMemoryAfterCall { get; set; } = true;

    /// <summary>Largest audio payload of one request message, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Longest audio one call may send.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "04:00:00")]
    public TimeSpan MaxAudioDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a stream may go without a message after its configuration before it is ended, so a client that
    /// stops sending without closing the stream cannot hold a place indefinitely.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Audio messages buffered per stream between the network and the recognizer (backpressure).</summary>
    [Range(1, 4096)]
    public int StreamBufferMessages { get; set; } = 64;

    /// <summary>Decoding cap: tokens per second of audio (plus a few), the guard against loops on noise.</summary>
    [Range(1.0, 100.0)]
    public double MaxTokensPerSecond { get; set; } = 10;

    /// <summary>How utterances are cut; requests may override some of these.</summary>
    [Required]
    public EndpointingOptions Endpointing { get; set; } = new();

    /// <summary>How the acoustic features of utterances are measured, for calls that ask for them.</summary>
    [Required]
    public AcousticsOptions Acoustics { get; set; } = new();

    /// <summary>Turn detection defaults; requests may override the waits and the backchannel length.</summary>
    [Required]
    public TurnDetectionOptions TurnDetection { get; set; } = new();

    /// <summary>Every broken rule of these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), errors, validateAllProperties: true);
        if (Endpointing is not null)
        {
            Validator.TryValidateObject(Endpointing, new ValidationContext(Endpointing), errors, validateAllProperties: true);
        }
        var messages = errors.Select(error => $"{SectionName}: {error.ErrorMessage}").ToList();
        if (Acoustics is not null)
        {
            messages.AddRange(Acoustics.Validate($"{SectionName}:Acoustics"));
        }
        if (TurnDetection is not null)
        {
            messages.AddRange(TurnDetection.Validate($"{SectionName}:TurnDetection"));
        }
        foreach (var model in PreloadModelNames.Append(DefaultModel))
        {
            if (model is not null && !RecognitionModelCatalog.IsKnown(model))
            {
                messages.Add($"{SectionName}: unknown model '{model}'; known models: {string.Join(", ", RecognitionModelCatalog.Names)}.");
            }
        }
        return messages;
    }
}

/// <summary>Server defaults for cutting speech into utterances (<c>Speech:Recognition:Endpointing</c>).</summary>
public sealed class EndpointingOptions
{
    /// <summary>Voice-activity probability at or above which a frame is speech.</summary>
    [Range(0.01, 0.99)]
    public float SpeechThreshold { get; set; } = 0.5f;

    /// <summary>
    /// Hysteresis: a frame counts as silence below <c>SpeechThreshold - Hysteresis</c> (at least 0.01), so
    /// probabilities hovering near the threshold do not chop an utterance.
    /// </summary>
    [Range(0.0, 0.5)]
    public float Hysteresis { get; set; } = 0.15f;

    /// <summary>
    /// Silence that ends an utterance. 600 ms rather than 500: the shorter wait cut read and spontaneous speech
    /// mid-sentence often enough to cost streamed recognition 1.2-1.3 points of word error rate against whole
    /// recordings; at 600 ms the difference is within 0.7 (docs/performance.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:10")]
    public TimeSpan MinSilence { get; set; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Speech needed before an utterance starts; shorter sounds (a click, a cough) are ignored.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:02")]
    public TimeSpan MinSpeech { get; set; } = TimeSpan.FromMilliseconds(160);

    /// <summary>Audio kept before the start and after the end of detected speech, so word edges are not clipped.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan SpeechPadding { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest utterance; a longer one is cut at its quietest point and decoded.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:00:30")]
    public TimeSpan MaxUtterance { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whole-recording recognition only: consecutive utterances are decoded together while they span at most this
    /// long, so the model hears sentences in context (cutting at every pause costs accuracy); zero decodes every
    /// utterance on its own. Streams always decode each utterance when it ends.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan RecordingSegmentSpan { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How much new audio triggers another interim decode of the open utterance.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:05")]
    public TimeSpan InterimInterval { get; set; } = TimeSpan.FromMilliseconds(400);
}

/// <summary>Server defaults for turn detection (<c>Speech:Recognition:TurnDetection</c>, docs/turn-taking.md).</summary>
public sealed class TurnDetectionOptions
{
    /// <summary>Silence after speech before a turn that is clearly over ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:10")]
    public TimeSpan MinWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Silence after speech after which a turn ends whatever was said.</summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:00:30")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Longest speech that can still be a backchannel ("mm-hm", "yeah"); twice this while the words heard are
    /// backchannel words the recognizer is sure of (docs/turn-taking.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.2", "00:00:03")]
    public TimeSpan MaxBackchannel { get; set; } = TimeSpan.FromMilliseconds(700);

    /// <summary>
    /// Speech after an onset when it is first decoded to tell a turn from a backchannel. 250 ms holds the first
    /// syllable or two; earlier decodes of a fragment mostly come back empty.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:02")]
    public TimeSpan FirstCheck { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Further speech between later decodes while only backchannel words were heard.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:00:02")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Every broken rule of these options (empty when valid), each naming the setting under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), errors, validateAllProperties: true);
        var messages = errors.Select(error => $"{section}: {error.ErrorMessage}").ToList();
        if (MinWait > MaxWait)
        {
            messages.Add($"{section}: MinWait ({MinWait.TotalMilliseconds:0} ms) must not exceed MaxWait ({MaxWait.TotalMilliseconds:0} ms).");
        }
        return messages;
    }
}
