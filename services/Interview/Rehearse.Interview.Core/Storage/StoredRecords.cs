using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Storage;

/// <summary>How a session was set up, with documents already reduced to text.</summary>
/// <remarks>
/// <see cref="EndOfAnswerSilence"/> is the session's own ceiling on the turn detector's wait, null when it takes
/// its patience setting's.
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
    Patience Patience = Patience.Normal);

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
    AnswerAssessment? Assessment);

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

/// <summary>Saves the audio of an answer, as the client sent it (mono PCM in <paramref name="Format"/>), until it expires.</summary>
public sealed record SaveAnswerAudioWrite(int TurnIndex, CandidateAudioFormat Format, byte[] Pcm, DateTimeOffset ExpiresAt) : StoreWrite;
