using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Storage;

/// <summary>How a session was set up, with documents already reduced to text.</summary>
/// <remarks>
/// <see cref="EndOfAnswerSilence"/> is the session's own ceiling on the turn detector's wait, null when it takes
/// its patience setting's. <see cref="Practice"/> gives feedback after each main question and waits for the candidate
/// to try it again or continue.
/// </remarks>
public sealed record SessionSettings(
    string Role,
    InterviewType InterviewType,
    Difficulty Difficulty,
    int QuestionCount,
    string Voice,
    string? JobDescription,
    string? Resume,
    InterviewerEngine Engine,
    bool Spoken,
    TimeSpan AnswerTimeLimit,
    TimeSpan? EndOfAnswerSilence,
    Patience Patience = Patience.Normal,
    bool Practice = false)
{
    /// <summary>The language of the coding questions (Python unless chosen).</summary>
    public Rehearse.Coding.V1.Language CodingLanguage { get; init; } = Rehearse.Coding.V1.Language.Python;

    /// <summary>How many main questions are coding problems, asked last (all of them in a coding interview).</summary>
    public int CodingQuestionCount { get; init; }
}

/// <summary>A session's row: its set-up and where it is.</summary>
public sealed record SessionSummary(
    Guid Id,
    Guid UserId,
    SessionSettings Settings,
    SessionState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    int QuestionIndex,
    int OverallScore,
    string Title,
    long LastSequence);

/// <summary>A committed turn with when it was asked and answered, why the answer ended and, once scored, its assessment.</summary>
public sealed record StoredTurn(
    AnsweredTurn Turn,
    DateTimeOffset AskedAt,
    DateTimeOffset AnsweredAt,
    AnswerEndReason EndReason,
    AnswerAssessment? Assessment)
{
    /// <summary>The coding task as it ended, for the main turn of a coding question; null otherwise.</summary>
    public CodingTask? Coding { get; init; }
}

/// <summary>A whole session as stored: row, plan and turns in order.</summary>
public sealed record StoredSession(SessionSummary Summary, IReadOnlyList<PlannedQuestion> Plan, IReadOnlyList<StoredTurn> Turns);

/// <summary>A session's state as the conversation engine saves it after every change.</summary>
public sealed record SessionProgressUpdate(
    SessionState State,
    int QuestionIndex,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    int OverallScore,
    long LastSequence);

/// <summary>One write the conversation engine hands to the store; writes of a session are applied in order.</summary>
public abstract record StoreWrite;

/// <summary>Appends an event to the session's log.</summary>
public sealed record AppendEventWrite(SessionEvent Event) : StoreWrite;

/// <summary>Saves the session's state, question index and scores.</summary>
public sealed record UpdateSessionWrite(SessionProgressUpdate Update) : StoreWrite;

/// <summary>Commits a completed turn.</summary>
public sealed record SaveTurnWrite(StoredTurn Turn) : StoreWrite;

/// <summary>Saves the assessment of a turn.</summary>
public sealed record SaveAssessmentWrite(AnswerAssessment Assessment) : StoreWrite;

/// <summary>Saves the session's report.</summary>
public sealed record SaveReportWrite(InterviewReport Report) : StoreWrite;

/// <summary>Saves a snapshot of the code of a coding question, taken at a run or the submission.</summary>
public sealed record SaveCodeSnapshotWrite(CodeSnapshot Snapshot) : StoreWrite;

/// <summary>The code of a run or submission, with when it ran and what it came to (the output is not kept).</summary>
/// <param name="Id">Identifies the snapshot (re-applying its write changes nothing).</param>
/// <param name="TurnIndex">The turn of the coding question.</param>
/// <param name="ProblemId">The problem.</param>
/// <param name="RanAt">When the run finished.</param>
/// <param name="TestSet">The tests it ran.</param>
/// <param name="Submission">True for the submission.</param>
/// <param name="Language">The code's language.</param>
/// <param name="Code">The code.</param>
/// <param name="Status">How the run ended.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="PassedCount">Tests passed.</param>
/// <param name="TestCount">Tests run.</param>
public sealed record CodeSnapshot(
    Guid Id,
    int TurnIndex,
    string ProblemId,
    DateTimeOffset RanAt,
    Rehearse.Coding.V1.TestSet TestSet,
    bool Submission,
    Rehearse.Coding.V1.Language Language,
    string Code,
    Rehearse.Coding.V1.RunStatus Status,
    Rehearse.Coding.V1.Verdict Verdict,
    int PassedCount,
    int TestCount);

/// <summary>Saves the audio of an answer, as the client sent it (mono PCM in <paramref name="Format"/>), until it expires.</summary>
public sealed record SaveAnswerAudioWrite(int TurnIndex, CandidateAudioFormat Format, byte[] Pcm, DateTimeOffset ExpiresAt) : StoreWrite;
