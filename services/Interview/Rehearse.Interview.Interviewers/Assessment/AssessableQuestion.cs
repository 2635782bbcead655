using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Text;

namespace Rehearse.Interview.Interviewers.Assessment;

/// <summary>What the assessor needs to know about a question: its kind, key points with match words, follow-ups and topics.</summary>
public sealed record AssessableQuestion(
    string Text,
    InterviewKind Kind,
    DifficultyLevel Difficulty,
    IReadOnlyList<KeyPoint> KeyPoints,
    IReadOnlyList<string> FollowUps,
    string? ExampleAnswer,
    IReadOnlyList<string>? Tags = null)
{
    /// <summary>A bank question as it is.</summary>
    public static AssessableQuestion From(BankQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new(question.Text, question.Kind, question.Difficulty, question.KeyPoints, question.FollowUps, question.ExampleAnswer, question.Tags);
    }

    /// <summary>
    /// A question that is not in the banks (e.g. planned by a language model): each key point is matched by its own
    /// content words, so "Cache invalidation with TTLs" is covered by an answer that mentions invalidation or TTLs.
    /// </summary>
    public static AssessableQuestion From(PlannedQuestion? question, InterviewKind kind, DifficultyLevel difficulty)
    {
        if (question is null)
        {
            return new("", kind, difficulty, [], [], null);
        }

        var keyPoints = question.KeyPoints
            .Select(point => new KeyPoint(point, ContentWords(point)))
            .Where(k => k.Keywords.Count > 0)
            .ToArray();
        return new(question.Text, kind, difficulty, keyPoints, [], question.ExampleAnswer);
    }

    private static string[] ContentWords(string text) =>
        TextTokens.Words(text).Where(w => w.Length > 2 && !TextTokens.IsStopWord(w)).Distinct().ToArray();
}
