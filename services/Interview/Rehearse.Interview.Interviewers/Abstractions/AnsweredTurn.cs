namespace Rehearse.Interview.Interviewers;

/// <summary>A final piece of an answer's transcript with its times in the answer's audio.</summary>
/// <param name="Text">The recognized text.</param>
/// <param name="Start">Start of the piece from the start of the answer's audio.</param>
/// <param name="End">End of the piece from the start of the answer's audio.</param>
/// <param name="Hesitations">Voiced hesitations ("uh", "um") the Speech service heard in the piece's audio, whether or
/// not the text shows them.</param>
public sealed record AnswerSegment(string Text, TimeSpan Start, TimeSpan End, int Hesitations = 0);

/// <summary>One question or follow-up and its answer.</summary>
/// <param name="Index">Zero-based turn index within the session.</param>
/// <param name="Kind"><see cref="MoveKind.Question"/> or <see cref="MoveKind.FollowUp"/>.</param>
/// <param name="QuestionIndex">Index of the main question in the plan.</param>
/// <param name="Question">What the interviewer asked.</param>
/// <param name="Answer">What the candidate answered (the final transcripts joined, or the typed text).</param>
/// <param name="Typed">True when the answer was typed.</param>
/// <param name="Skipped">True when the candidate skipped the question.</param>
/// <param name="Segments">Final transcript pieces with times; empty for typed answers.</param>
/// <param name="AnswerDuration">From the end of the question to the end of the answer.</param>
/// <param name="Analytics">Speech analytics of the answer (from <see cref="Analytics.SpeechAnalyzer"/>), when spoken.</param>
/// <param name="Attempt">Which try at the main question the turn belongs to, from 1: a question tried again is asked
/// anew, and the new answer and its follow-ups are the next attempt.</param>
public sealed record AnsweredTurn(
    int Index,
    MoveKind Kind,
    int QuestionIndex,
    string Question,
    string Answer,
    bool Typed,
    bool Skipped,
    IReadOnlyList<AnswerSegment> Segments,
    TimeSpan AnswerDuration,
    SpeechAnalytics? Analytics = null,
    int Attempt = 1)
{
    /// <summary>How the coding went, for the main turn of a coding question; null otherwise.</summary>
    public Coding.CodingOutcome? Coding { get; init; }
}

/// <summary>Where a session is: its set-up, its plan and the turns answered so far, in order.</summary>
public sealed record InterviewProgress(
    InterviewSetup Setup,
    IReadOnlyList<PlannedQuestion> Plan,
    IReadOnlyList<AnsweredTurn> Turns);
