namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>A main question chosen for a session.</summary>
internal sealed class PlannedQuestionEntity
{
    public Guid SessionId { get; set; }

    public int Index { get; set; }

    public required string QuestionId { get; set; }

    public required string Text { get; set; }

    public string[] KeyPoints { get; set; } = [];

    public string? ExampleAnswer { get; set; }

    /// <summary>The problem of a coding question (JSON); null for other questions.</summary>
    public string? Coding { get; set; }
}
