namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>One question or follow-up and its answer, committed when the answer completes.</summary>
internal sealed class TurnEntity
{
    public Guid SessionId { get; set; }

    public int Index { get; set; }

    public required string Kind { get; set; }

    public int QuestionIndex { get; set; }

    /// <summary>Which try at the main question, from 1; turns stored before attempts existed are 1.</summary>
    public int Attempt { get; set; } = 1;

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

    /// <summary>How a coding question went, for scoring (JSON); null for other turns.</summary>
    public string? Coding { get; set; }

    /// <summary>The coding task as the candidate saw it at the end (a serialized rehearse.interview.v1.CodingTask); null for other turns.</summary>
    public byte[]? CodingTask { get; set; }
}
