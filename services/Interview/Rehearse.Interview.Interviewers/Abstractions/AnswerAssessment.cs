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
    string? Note = null);
