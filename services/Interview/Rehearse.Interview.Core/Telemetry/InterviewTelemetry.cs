using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rehearse.Interview.Core.Telemetry;

/// <summary>
/// The conversation engine's instruments (meter <see cref="MeterName"/>) and spans (activity source
/// <see cref="ActivitySourceName"/>); the names are documented in docs/operations.md.
/// </summary>
public sealed class InterviewTelemetry
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Rehearse.Interview";

    /// <summary>The activity source of the engine's spans: answers, the interviewer's decisions, utterances spoken.</summary>
    public const string ActivitySourceName = "Rehearse.Interview";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Meter _meter;
    private readonly Histogram<double> _voiceToVoice;
    private readonly Histogram<double> _timeToFirstAudio;
    private readonly Histogram<double> _decisionDuration;
    private readonly Counter<long> _storeWriteFailures;

    public InterviewTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        // The default buckets (0 to 10,000) suit milliseconds; these seconds run from tens of milliseconds to a minute.
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 20, 60] };
        _voiceToVoice = _meter.CreateHistogram("rehearse.interview.voice_to_voice", "s",
            "From the end of the candidate's speech to the first audio of the interviewer's reply sent to the client.", advice: seconds);
        _timeToFirstAudio = _meter.CreateHistogram("rehearse.interview.utterance.time_to_first_audio", "s",
            "From the start of an interviewer utterance (its text being written) to its first audio sent to the client.", advice: seconds);
        _decisionDuration = _meter.CreateHistogram("rehearse.interview.interviewer.decision.duration", "s",
            "Time the interviewer engine took to decide its next move.", advice: seconds);
        _storeWriteFailures = _meter.CreateCounter<long>("rehearse.interview.store.write_failures", "{attempt}",
            "Session writes that failed: reason=unavailable (the database was unreachable; retried) or refused (lost).");
    }

    /// <summary>Observes the sessions held by the process: running ones (started, not finished) and all loaded ones.</summary>
    internal void ObserveSessions(Func<int> running, Func<int> loaded)
    {
        _meter.CreateObservableUpDownCounter("rehearse.interview.sessions.active", running, "{session}",
            "Interviews running in this process (started, not finished; paused ones count).");
        _meter.CreateObservableUpDownCounter("rehearse.interview.sessions.loaded", loaded, "{session}",
            "Sessions held in memory by this process.");
    }

    internal void VoiceToVoice(TimeSpan elapsed) => _voiceToVoice.Record(Math.Max(0, elapsed.TotalSeconds));

    internal void TimeToFirstAudio(TimeSpan elapsed) => _timeToFirstAudio.Record(Math.Max(0, elapsed.TotalSeconds));

    internal void InterviewerDecided(TimeSpan elapsed, bool succeeded) =>
        _decisionDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));

    internal void StoreWriteFailed(bool refused) =>
        _storeWriteFailures.Add(1, new KeyValuePair<string, object?>("reason", refused ? "refused" : "unavailable"));

    /// <summary>
    /// Starts a span under <paramref name="parent"/> without making it current: the session's loop holds spans
    /// across inputs, and sets one current only around the work it starts (<see cref="Within"/>).
    /// </summary>
    internal static Activity? StartSpan(string name, ActivityContext parent)
    {
        var previous = Activity.Current;
        var span = Source.StartActivity(name, ActivityKind.Internal, parent);
        Activity.Current = previous;
        return span;
    }

    /// <summary>Makes <paramref name="span"/> current until disposed, so work started meanwhile (a Speech call) is traced under it.</summary>
    internal static CurrentSpan Within(Activity? span)
    {
        var previous = Activity.Current;
        Activity.Current = span;
        return new CurrentSpan(previous);
    }

    /// <summary>Restores the span that was current.</summary>
    internal readonly struct CurrentSpan(Activity? previous) : IDisposable
    {
        public void Dispose() => Activity.Current = previous;
    }
}
