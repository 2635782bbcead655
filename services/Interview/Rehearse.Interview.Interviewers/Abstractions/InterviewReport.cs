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
/// <param name="Questions">One score per main question, its main answer and follow-ups combined; null in reports
/// stored before questions were scored as a whole.</param>
/// <param name="ScoringMethod">How the scores are made, in a paragraph; null in reports stored before it was given.</param>
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
    IReadOnlyList<string> Notes,
    IReadOnlyList<QuestionScore>? Questions = null,
    string? ScoringMethod = null);

/// <summary>The score of one main question: its main answer and follow-ups combined by one rule.</summary>
/// <param name="QuestionIndex">Index of the main question in the plan.</param>
/// <param name="Question">The main question as asked.</param>
/// <param name="Scores">The question's scores, each with its reason.</param>
/// <param name="PossiblyOffTopic">True when the answers seem to be about something else (the scores are capped).</param>
/// <param name="Explanation">How the answers were combined into these scores, in a sentence or two.</param>
/// <param name="Attempts">Every attempt at the question, in order, when it was tried more than once; the scores are
/// the last attempt's. Null for a question tried once (and in reports stored before attempts existed).</param>
public sealed record QuestionScore(
    int QuestionIndex,
    string Question,
    AnswerScores Scores,
    bool PossiblyOffTopic,
    string Explanation,
    IReadOnlyList<QuestionAttempt>? Attempts = null);

/// <summary>One try at a main question: its main answer and follow-ups scored together.</summary>
/// <param name="Attempt">The attempt number, from 1.</param>
/// <param name="Scores">The attempt's scores, combined by the same rule as the question's.</param>
/// <param name="TurnIndexes">The attempt's turns, main answer first.</param>
public sealed record QuestionAttempt(int Attempt, AnswerScores Scores, IReadOnlyList<int> TurnIndexes);
