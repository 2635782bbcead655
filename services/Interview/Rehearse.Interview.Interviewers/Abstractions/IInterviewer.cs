namespace Rehearse.Interview.Interviewers;

/// <summary>
/// An interviewer for one session: plans the questions, says what comes next, assesses answers and writes the
/// report. Instances are made per session by <see cref="IInterviewerFactory"/> and are not shared between sessions.
/// </summary>
/// <remarks>
/// The conversation loop: <see cref="Greet"/>, then <see cref="NextMoveAsync"/> after the greeting and after every
/// answer. A <see cref="MoveKind.Acknowledgement"/> is spoken and followed by another call with the same progress;
/// a <see cref="MoveKind.Question"/> or <see cref="MoveKind.FollowUp"/> is answered; <see cref="MoveKind.Closing"/>
/// ends the interview. Everything an instance needs is in the progress, so an interviewer created afresh (e.g. after
/// a restart) continues a session where it stopped.
/// </remarks>
public interface IInterviewer
{
    /// <summary>The engine behind this interviewer.</summary>
    InterviewerEngineKind Engine { get; }

    /// <summary>Chooses the main questions for a session.</summary>
    /// <exception cref="ArgumentException">The set-up names an unknown role or an invalid question count.</exception>
    Task<IReadOnlyList<PlannedQuestion>> PlanAsync(InterviewSetup setup, CancellationToken cancellationToken);

    /// <summary>The greeting that opens the interview.</summary>
    InterviewerMove Greet(InterviewProgress progress);

    /// <summary>The next thing to say: an acknowledgement, a follow-up, the next question or the closing.</summary>
    Task<InterviewerMove> NextMoveAsync(InterviewProgress progress, CancellationToken cancellationToken);

    /// <summary>Assesses one answered turn.</summary>
    Task<AnswerAssessment> AssessAsync(InterviewProgress progress, AnsweredTurn turn, CancellationToken cancellationToken);

    /// <summary>Writes the session's report from its turns and their assessments.</summary>
    Task<InterviewReport> WriteReportAsync(
        InterviewProgress progress,
        IReadOnlyList<AnswerAssessment> assessments,
        CancellationToken cancellationToken);
}

/// <summary>Whether an engine can be used on this server.</summary>
/// <param name="Engine">The engine.</param>
/// <param name="DisplayName">Name to show, e.g. "Gemini (gemini-2.5-flash)".</param>
/// <param name="Available">Whether it is configured.</param>
/// <param name="UnavailableReason">Why not, when it is not.</param>
public sealed record EngineAvailability(
    InterviewerEngineKind Engine,
    string DisplayName,
    bool Available,
    string? UnavailableReason);

/// <summary>How serious an interviewer notice is.</summary>
public enum InterviewerNoticeLevel
{
    /// <summary>For information.</summary>
    Info,

    /// <summary>Something degraded but the session goes on (a retry, a fallback).</summary>
    Warning,

    /// <summary>Something failed.</summary>
    Error,
}

/// <summary>Something the candidate should know about the interviewer, e.g. that a language model is being retried.</summary>
/// <param name="Level">How serious it is.</param>
/// <param name="Code">Stable code: "llm_retry", "engine_fallback".</param>
/// <param name="Message">A sentence for people.</param>
public sealed record InterviewerNotice(InterviewerNoticeLevel Level, string Code, string Message);

/// <summary>Makes interviewers for sessions.</summary>
public interface IInterviewerFactory
{
    /// <summary>The engines and whether each is configured.</summary>
    IReadOnlyList<EngineAvailability> Engines { get; }

    /// <summary>The engine used when a session does not name one.</summary>
    InterviewerEngineKind DefaultEngine { get; }

    /// <summary>Creates an interviewer for one session.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="onNotice">Called (synchronously, keep it short) with retries and fallbacks as they happen.</param>
    /// <exception cref="InvalidOperationException">The engine is not configured on this server.</exception>
    IInterviewer Create(InterviewerEngineKind engine, Action<InterviewerNotice>? onNotice = null);
}
