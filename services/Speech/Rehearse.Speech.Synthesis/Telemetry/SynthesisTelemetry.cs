using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rehearse.Speech.Synthesis.Telemetry;

/// <summary>
/// The synthesis engine's instruments, on a meter its host gives it, and its spans (activity source
/// <see cref="ActivitySourceName"/>). The instrument names are documented in docs/operations.md.
/// </summary>
internal sealed class SynthesisTelemetry
{
    /// <summary>The activity source of synthesis spans.</summary>
    public const string ActivitySourceName = "Rehearse.Speech.Synthesis";

    /// <summary>Spans of sentences synthesized.</summary>
    public static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Histogram<double> _timeToFirstAudio;
    private readonly Histogram<double> _realTimeFactor;

    public SynthesisTelemetry(Meter meter, SpeechSynthesizer engine)
    {
        meter.CreateObservableUpDownCounter("rehearse.speech.synthesis.active", () => engine.ActiveStreams, "{call}",
            "Synthesis calls (Synthesize and StreamingSynthesize) being served.");
        _timeToFirstAudio = meter.CreateHistogram("rehearse.speech.synthesis.time_to_first_audio", "s",
            "From the call's first sentence being ready to synthesize to its first audio chunk handed to the transport.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10] });
        _realTimeFactor = meter.CreateHistogram("rehearse.speech.synthesis.real_time_factor", "1",
            "Time to synthesize one sentence divided by the duration of its audio.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5] });
    }

    /// <summary>The first audio of a call is out; its first sentence was ready at <paramref name="firstSentenceReady"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void FirstAudio(long firstSentenceReady) => _timeToFirstAudio.Record(Stopwatch.GetElapsedTime(firstSentenceReady).TotalSeconds);

    /// <summary>A sentence took <paramref name="took"/> to synthesize into <paramref name="audio"/> of speech.</summary>
    public void SentenceSynthesized(TimeSpan took, TimeSpan audio)
    {
        if (audio > TimeSpan.Zero)
        {
            _realTimeFactor.Record(took / audio);
        }
    }
}
