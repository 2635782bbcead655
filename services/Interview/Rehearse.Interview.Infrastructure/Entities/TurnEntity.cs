namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>One question or follow-up and its answer, committed when the answer completes.</summary>
internal sealed class TurnEntity
{
    public Guid SessionId { get; set; }

    public int Index { get; set; }

    public required string Kind { get; set; }

    public int QuestionIndex { get; set; }

    public required string Question { get; set; }

    public required string Answer { get; set; }

    public bool Typed { get; set; }

    public bool Skipped { get; set; }

    public required string EndReason { get; set; }

    public DateTimeOffset AskedAt { get; set; }

    public DateTimeOffset AnsweredAt { get; set; }

    public TimeSpan AnswerDuration { get; set; }

    /// <summary>Final transcript segments with their times (JSON).</summary>
    public required string Segments { get; set; }

    /// <summary>Speech analytics (JSON); null for typed answers.</summary>
    public string? Analytics { get; set; }

    /// <summary>Scores and feedback (JSON); null until scored.</summary>
    public string? Assessment { get; set; }

    /// <summary>Overall score of the answer, copied out of the assessment for queries; null until scored.</summary>
    public int? OverallScore { get; set; }
}
