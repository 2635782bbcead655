namespace Rehearse.Interview.Interviewers;

/// <summary>One score, 0 to 100, with its reason.</summary>
public sealed record ScoredDimension(int Score, string Reason);

/// <summary>Scores of one answer or a whole session.</summary>
/// <param name="TechnicalDepth">Command of the subject: correctness, depth, trade-offs.</param>
/// <param name="Communication">Clarity, structure and delivery.</param>
/// <param name="ProblemSolving">Approach: breaking the problem down, reasoning, examples and results.</param>
/// <param name="Overall">The three combined, 0 to 100.</param>
public sealed record AnswerScores(
    ScoredDimension TechnicalDepth,
    ScoredDimension Communication,
    ScoredDimension ProblemSolving,
    int Overall);

/// <summary>Which parts of the STAR structure a behavioral answer covered.</summary>
public sealed record StarCoverage(bool Situation, bool Task, bool Action, bool Result);

/// <summary>The assessment of one answer.</summary>
/// <param name="TurnIndex">The turn assessed.</param>
/// <param name="Scores">The scores with reasons.</param>
/// <param name="CoveredPoints">Key points the answer covered.</param>
/// <param name="MissedPoints">Key points the answer missed.</param>
/// <param name="Star">STAR coverage; set for behavioral questions.</param>
/// <param name="Strengths">What went well.</param>
/// <param name="Improvements">Concrete things to do better.</param>
/// <param name="ExampleAnswer">An example of a stronger answer.</param>
/// <param name="Engine">The engine that assessed it (the offline one when a language model failed).</param>
/// <param name="Note">How it was assessed when that matters, e.g. that the offline scorer took over.</param>
/// <param name="MentionedPoints">Key points whose terms came up without being explained (a term alone is not
/// coverage); null from assessors that do not tell mentions apart (and in assessments stored before they did).</param>
/// <param name="Relevance">Whether the answer talks about what was asked; null when not judged.</param>
public sealed record AnswerAssessment(
    int TurnIndex,
    AnswerScores Scores,
    IReadOnlyList<string> CoveredPoints,
    IReadOnlyList<string> MissedPoints,
    StarCoverage? Star,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Improvements,
    string ExampleAnswer,
    InterviewerEngineKind Engine,
    string? Note = null,
    IReadOnlyList<string>? MentionedPoints = null,
    Relevance? Relevance = null)
{
    /// <summary>The coding part (stated against expected complexity), for the turns of a coding question; null otherwise.</summary>
    public Coding.CodingAssessment? Coding { get; init; }
}

/// <summary>Whether an answer talks about what was asked, with the evidence.</summary>
/// <param name="PossiblyOffTopic">True when the answer seems to be about something else; its scores are capped.</param>
/// <param name="TopicWordsUsed">The question's topic words the answer used, as the answer spelled them.</param>
/// <param name="OnTopicShare">Share of the answer's sentences that use a topic word, 0 to 1.</param>
/// <param name="Reason">The judgement in a sentence; empty when the answer was too short to judge.</param>
public sealed record Relevance(bool PossiblyOffTopic, IReadOnlyList<string> TopicWordsUsed, double OnTopicShare, string Reason)
{
    /// <summary>An answer too short to judge (or a question without topic words): treated as on topic.</summary>
    public static Relevance NotJudged { get; } = new(false, [], 1, "");
}
