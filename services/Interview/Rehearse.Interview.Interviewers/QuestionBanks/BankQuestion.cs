namespace Rehearse.Interview.Interviewers.QuestionBanks;

/// <summary>A point a strong answer covers, with the words that show it was covered.</summary>
/// <param name="Point">The point as shown in feedback.</param>
/// <param name="Keywords">Words or short phrases (synonyms included) whose presence in an answer covers the point.</param>
public sealed record KeyPoint(string Point, IReadOnlyList<string> Keywords);

/// <summary>A validated question of a question bank.</summary>
/// <param name="Id">Unique id across all banks.</param>
/// <param name="Role">Role id.</param>
/// <param name="Kind">Interview kind it belongs to.</param>
/// <param name="Difficulty">How demanding it is.</param>
/// <param name="Text">The question as spoken.</param>
/// <param name="Tags">Topics, used to match a job description.</param>
/// <param name="KeyPoints">What a strong answer covers.</param>
/// <param name="FollowUps">Follow-up questions specific to this question.</param>
/// <param name="ExampleAnswer">A short example of a strong answer, when the bank has one.</param>
/// <param name="Source">The file it came from (for error messages).</param>
public sealed record BankQuestion(
    string Id,
    string Role,
    InterviewKind Kind,
    DifficultyLevel Difficulty,
    string Text,
    IReadOnlyList<string> Tags,
    IReadOnlyList<KeyPoint> KeyPoints,
    IReadOnlyList<string> FollowUps,
    string? ExampleAnswer,
    string Source)
{
    /// <summary>The question as the seam's planned question.</summary>
    public PlannedQuestion ToPlanned() =>
        new(Id, Text, KeyPoints.Select(k => k.Point).ToArray(), ExampleAnswer);
}

/// <summary>A role with questions.</summary>
/// <param name="Id">Identifier, e.g. "backend".</param>
/// <param name="DisplayName">Name to show, e.g. "Backend engineer".</param>
/// <param name="Kinds">Interview kinds with at least one question.</param>
public sealed record RoleInfo(string Id, string DisplayName, IReadOnlyList<InterviewKind> Kinds);
