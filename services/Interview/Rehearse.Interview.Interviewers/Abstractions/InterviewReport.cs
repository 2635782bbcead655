namespace Rehearse.Interview.Interviewers;

/// <summary>The feedback on one answer: the turn and its assessment.</summary>
public sealed record TurnFeedback(AnsweredTurn Turn, AnswerAssessment Assessment);

/// <summary>Keywords of the job description that the answers used or missed.</summary>
/// <param name="Covered">Keywords the answers used.</param>
/// <param name="Missing">Keywords the answers did not use.</param>
/// <param name="Ratio">Share covered, 0 to 1.</param>
public sealed record KeywordCoverage(IReadOnlyList<string> Covered, IReadOnlyList<string> Missing, double Ratio);

/// <summary>The feedback report of a whole session.</summary>
/// <param name="Setup">How the session was set up.</param>
/// <param name="CreatedAt">When the report was written.</param>
/// <param name="Scores">Scores over the whole session.</param>
/// <param name="Summary">A paragraph summing up the interview.</param>
/// <param name="Strengths">What went well overall.</param>
/// <param name="Improvements">The most useful things to improve.</param>
/// <param name="Turns">Feedback per answer, in order.</param>
/// <param name="Analytics">Speech analytics over all spoken answers; null when nothing was spoken.</param>
/// <param name="KeywordCoverage">Coverage of the job description's keywords; null without one.</param>
/// <param name="Engine">The engine that wrote the report.</param>
/// <param name="Notes">Notes on how the report was made, e.g. that the offline scorer took over.</param>
public sealed record InterviewReport(
    InterviewSetup Setup,
    DateTimeOffset CreatedAt,
    AnswerScores Scores,
    string Summary,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Improvements,
    IReadOnlyList<TurnFeedback> Turns,
    SpeechAnalytics? Analytics,
    KeywordCoverage? KeywordCoverage,
    InterviewerEngineKind Engine,
    IReadOnlyList<string> Notes);
