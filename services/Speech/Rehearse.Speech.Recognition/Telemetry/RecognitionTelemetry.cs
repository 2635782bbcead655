using System.Diagnostics;
using System.Diagnostics.Metrics;
using Rehearse.Speech.Recognition.Engine;

namespace Rehearse.Speech.Recognition.Telemetry;

/// <summary>
/// The recognition engine's instruments, on a meter its host gives it, and its spans (activity source
/// <see cref="ActivitySourceName"/>). The instrument names are documented in docs/operations.md.
/// </summary>
internal sealed class RecognitionTelemetry
{
    /// <summary>The activity source of recognition spans.</summary>
    public const string ActivitySourceName = "Rehearse.Speech.Recognition";

    /// <summary>Spans of final results (from the end of speech to the result).</summary>
    public static readonly ActivitySource Source = new(ActivitySourceName);

    // The default buckets (0 to 10,000) suit milliseconds; these seconds run from a few milliseconds to tens of seconds.
    internal static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
    };

    // Real-time factors: below 1 keeps up with speech.
    internal static readonly InstrumentAdvice<double> RatioBuckets = new()
    {
        HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5],
    };

    private readonly Histogram<double> _finalLatency;
    private readonly Histogram<double> _decodeWait;
    private readonly Histogram<double> _realTimeFactor;

    public RecognitionTelemetry(Meter meter, RecognitionAdmission admission, DecodeScheduler decodes)
    {
        meter.CreateObservableUpDownCounter("rehearse.speech.recognition.active", () => admission.Active, "{call}",
            "Recognition calls (streams and Recognize requests) being served.");
        meter.CreateObservableUpDownCounter("rehearse.speech.recognition.decodes.running", () => decodes.Running, "{decode}",
            "Model runs in flight (at most Speech:Recognition:MaxConcurrentDecodes).");
        meter.CreateObservableUpDownCounter("rehearse.speech.recognition.decodes.waiting", () => decodes.Waiting, "{decode}",
            "Final and turn decodes waiting for a decode slot.");
        _decodeWait = meter.CreateHistogram("rehearse.speech.recognition.decode.wait", "s",
            "Time a final or turn decode waited for a decode slot.", advice: SecondsBuckets);
        _finalLatency = meter.CreateHistogram("rehearse.speech.recognition.final.latency", "s",
            "Streams: from the first frame of silence after speech to its final result, in the service's time (the endpointing silence included).",
            advice: SecondsBuckets);
        _realTimeFactor = meter.CreateHistogram("rehearse.speech.recognition.real_time_factor", "1",
            "Time of one model run divided by the duration of the audio it decoded.", advice: RatioBuckets);
        decodes.Waited = waited => _decodeWait.Record(waited.TotalSeconds);
    }

    /// <summary>A recognizer whose every run is measured.</summary>
    public ISpeechRecognizer Measured(ISpeechRecognizer recognizer) => new MeasuredRecognizer(recognizer, this);

    /// <summary>A final result is out; the speech it transcribes was heard ending at <paramref name="speechEnd"/>.</summary>
    public void FinalProduced(SpeechEnd speechEnd, int segmentIndex, TimeSpan audio)
    {
        var latency = Stopwatch.GetElapsedTime(speechEnd.Timestamp);
        _finalLatency.Record(latency.TotalSeconds);
        using var span = Source.StartActivity("speech.recognition.final", ActivityKind.Internal, default(ActivityContext), startTime: speechEnd.At);
        span?.SetTag("rehearse.speech.segment_index", segmentIndex);
        span?.SetTag("rehearse.speech.audio_seconds", audio.TotalSeconds);
    }

    /// <summary>When the end of an utterance's speech was heard, on the monotonic clock and the wall clock.</summary>
    public readonly record struct SpeechEnd(long Timestamp, DateTimeOffset At)
    {
        public static SpeechEnd Now() => new(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
    }

    private sealed class MeasuredRecognizer(ISpeechRecognizer inner, RecognitionTelemetry telemetry) : ISpeechRecognizer
    {
        private readonly KeyValuePair<string, object?> _model = new("rehearse.speech.model", inner.ModelName);

        public string ModelName => inner.ModelName;

        public Transcript Transcribe(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var transcript = inner.Transcribe(samples, cancellationToken);
            if (samples.Length > 0)
            {
                var audioSeconds = (double)samples.Length / Input.AudioInput.ModelSampleRate;
                telemetry._realTimeFactor.Record(Stopwatch.GetElapsedTime(started).TotalSeconds / audioSeconds, _model);
            }
            return transcript;
        }
    }
}
