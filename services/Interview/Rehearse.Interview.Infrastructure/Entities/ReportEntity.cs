namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>The feedback report of a finished session.</summary>
internal sealed class ReportEntity
{
    public Guid SessionId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int OverallScore { get; set; }

    /// <summary>The whole report (JSON).</summary>
    public required string Content { get; set; }
}
