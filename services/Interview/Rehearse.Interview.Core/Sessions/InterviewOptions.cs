using System.ComponentModel.DataAnnotations;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>Limits and timings of interview sessions (configuration section <c>Interview</c>).</summary>
public sealed class InterviewOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Interview";

    /// <summary>Room left in a message beyond its largest field, for the other fields and framing.</summary>
    private const int FramingAllowanceBytes = 64 * 1024;

    /// <summary>Largest piece of answer audio in one message.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxAudioBytesPerMessage { get; set; } = 1024 * 1024;

    /// <summary>Longest typed answer, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextCharacters { get; set; } = 10_000;

    /// <summary>Longest job description or résumé text, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxDocumentCharacters { get; set; } = 20_000;

    /// <summary>Largest job description or résumé PDF, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxDocumentPdfBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// Transport ceiling of one gRPC message. The field limits above are checked below it with a clear message,
    /// so it must leave room for the largest of them (checked at start).
    /// </summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int MaxReceiveMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Longest answer before the interviewer moves on, when a session does not set one.</summary>
    public TimeSpan AnswerTimeLimit { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long the interviewer waits through pauses, per patience setting, and how it recovers from a wrong end.</summary>
    public TurnTakingOptions TurnTaking { get; set; } = new();

    /// <summary>
    /// Time without answer audio after which the answer's recognition call is closed, freeing its place at the
    /// Speech service (1 s to 5 min). The answer goes on: the next audio opens a new call.
    /// </summary>
    public TimeSpan AnswerAudioIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sessions one user may have running at once (started, not finished, loaded); starting one more is refused.
    /// </summary>
    [Range(1, 1000)]
    public int MaxActiveSessionsPerUser { get; set; } = 3;

    /// <summary>
    /// Keep the session in the speaking state until the interviewer's audio has had time to play, so answers
    /// are timed from the end of the question. Off, listening starts once the last audio byte is sent.
    /// </summary>
    public bool WaitForPlayback { get; set; } = true;

    /// <summary>What happens to answer audio: not kept (<see cref="AnswerAudioRetention.None"/>) or kept for
    /// <see cref="AnswerAudioRetentionDays"/> days.</summary>
    public AnswerAudioRetention AnswerAudioRetention { get; set; } = AnswerAudioRetention.None;

    /// <summary>Days answer audio is kept when <see cref="AnswerAudioRetention"/> is <c>Days</c>.</summary>
    [Range(1, 3650)]
    public int AnswerAudioRetentionDays { get; set; } = 30;

    /// <summary>Inputs (audio chunks, texts, control actions) queued per session before senders wait.</summary>
    [Range(16, 100_000)]
    public int InputQueueCapacity { get; set; } = 512;

    /// <summary>Events queued per subscriber; a subscriber that falls this far behind is disconnected and resumes by sequence.</summary>
    [Range(16, 100_000)]
    public int SubscriberQueueCapacity { get; set; } = 2048;

    /// <summary>How long a session with no activity and no subscribers stays in memory.</summary>
    public TimeSpan IdleSessionTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Longest wait for an interviewer engine to say what comes next or to score an answer.</summary>
    public TimeSpan InterviewerTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Id of the voice used when a session does not choose one; empty means the Speech service's default.</summary>
    public string DefaultVoice { get; set; } = "";

    /// <summary>How coding questions run (section <c>Interview:Coding</c>).</summary>
    public Coding.CodingRoundOptions Coding { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AnswerTimeLimit < TimeSpan.FromSeconds(10) || AnswerTimeLimit > TimeSpan.FromMinutes(30))
        {
            yield return new ValidationResult(
                $"Interview:AnswerTimeLimit is {AnswerTimeLimit}; allowed range 00:00:10 to 00:30:00.", [nameof(AnswerTimeLimit)]);
        }
        foreach (var result in TurnTaking.Validate().Concat(Coding.Validate()))
        {
            yield return result;
        }
        if (AnswerAudioIdleTimeout < TimeSpan.FromSeconds(1) || AnswerAudioIdleTimeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult(
                $"Interview:AnswerAudioIdleTimeout is {AnswerAudioIdleTimeout}; allowed range 00:00:01 to 00:05:00.", [nameof(AnswerAudioIdleTimeout)]);
        }
        // Two documents of the largest size may come in one CreateSession message.
        var largestRequest = Math.Max(MaxAudioBytesPerMessage, 2L * MaxDocumentPdfBytes) + FramingAllowanceBytes;
        if (MaxReceiveMessageBytes < largestRequest)
        {
            yield return new ValidationResult(
                $"Interview:MaxReceiveMessageBytes ({MaxReceiveMessageBytes}) must be at least {largestRequest}: the largest audio message or two " +
                $"PDFs of Interview:MaxDocumentPdfBytes plus {FramingAllowanceBytes} bytes, so an oversized field gets a clear INVALID_ARGUMENT.",
                [nameof(MaxReceiveMessageBytes)]);
        }
        if (IdleSessionTimeout < TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult("Interview:IdleSessionTimeout must be at least 00:00:10.", [nameof(IdleSessionTimeout)]);
        }
        if (InterviewerTimeout < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Interview:InterviewerTimeout must be at least 00:00:01.", [nameof(InterviewerTimeout)]);
        }
    }
}

/// <summary>Turn-taking timings (configuration section <c>Interview:TurnTaking</c>).</summary>
public sealed class TurnTakingOptions
{
    /// <summary>Waits for <c>PATIENCE_RELAXED</c>.</summary>
    public PatienceTimings Relaxed { get; set; } = new()
    {
        MinWait = TimeSpan.FromSeconds(1.5), MaxWait = TimeSpan.FromSeconds(9), CheckInAfter = TimeSpan.FromSeconds(20),
    };

    /// <summary>Waits for <c>PATIENCE_NORMAL</c>, the default.</summary>
    public PatienceTimings Normal { get; set; } = new()
    {
        MinWait = TimeSpan.FromSeconds(0.5), MaxWait = TimeSpan.FromSeconds(6), CheckInAfter = TimeSpan.FromSeconds(12),
    };

    /// <summary>Waits for <c>PATIENCE_BRISK</c>.</summary>
    public PatienceTimings Brisk { get; set; } = new()
    {
        MinWait = TimeSpan.FromSeconds(0.4), MaxWait = TimeSpan.FromSeconds(3), CheckInAfter = TimeSpan.FromSeconds(8),
    };

    /// <summary>
    /// How long after the interviewer's reply starts playing the candidate may still go on with the answer that
    /// was taken as finished: the reply is withdrawn and the answer continues (0 to 10 s). A shorter reply closes
    /// the window when it has played.
    /// </summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>The timings of a patience setting (unspecified is normal).</summary>
    public PatienceTimings For(Patience patience) => patience switch
    {
        Patience.Relaxed => Relaxed,
        Patience.Brisk => Brisk,
        _ => Normal,
    };

    internal IEnumerable<ValidationResult> Validate()
    {
        foreach (var (name, timings) in new[] { (nameof(Relaxed), Relaxed), (nameof(Normal), Normal), (nameof(Brisk), Brisk) })
        {
            var key = $"Interview:TurnTaking:{name}";
            // The Speech service's allowed ranges for the turn detector's waits.
            if (timings.MaxWait < TimeSpan.FromSeconds(0.5) || timings.MaxWait > TimeSpan.FromSeconds(30))
            {
                yield return new ValidationResult($"{key}:MaxWait is {timings.MaxWait}; allowed range 00:00:00.5 to 00:00:30.", [nameof(InterviewOptions.TurnTaking)]);
            }
            if (timings.MinWait < TimeSpan.FromSeconds(0.1) || timings.MinWait > timings.MaxWait)
            {
                yield return new ValidationResult(
                    $"{key}:MinWait is {timings.MinWait}; allowed range 00:00:00.1 to the MaxWait ({timings.MaxWait}).", [nameof(InterviewOptions.TurnTaking)]);
            }
            if (timings.CheckInAfter < TimeSpan.FromSeconds(1) || timings.CheckInAfter > TimeSpan.FromMinutes(5))
            {
                yield return new ValidationResult($"{key}:CheckInAfter is {timings.CheckInAfter}; allowed range 00:00:01 to 00:05:00.", [nameof(InterviewOptions.TurnTaking)]);
            }
        }
        if (ResumeWindow < TimeSpan.Zero || ResumeWindow > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult(
                $"Interview:TurnTaking:ResumeWindow is {ResumeWindow}; allowed range 00:00:00 to 00:00:10.", [nameof(InterviewOptions.TurnTaking)]);
        }
    }
}

/// <summary>How long the interviewer waits at one patience setting.</summary>
public sealed class PatienceTimings
{
    /// <summary>Silence after an answer that sounds finished before the interviewer replies.</summary>
    public TimeSpan MinWait { get; set; }

    /// <summary>Silence after speech after which the answer ends whatever was said (a session's end_of_answer_silence overrides it).</summary>
    public TimeSpan MaxWait { get; set; }

    /// <summary>Silence with nothing said (or after "let me think") before the interviewer checks in, once per question.</summary>
    public TimeSpan CheckInAfter { get; set; }
}

/// <summary>Whether answer audio is stored.</summary>
public enum AnswerAudioRetention
{
    /// <summary>Answer audio is not stored; transcripts and analytics are.</summary>
    None,

    /// <summary>Answer audio is stored and deleted after a number of days.</summary>
    Days,
}
