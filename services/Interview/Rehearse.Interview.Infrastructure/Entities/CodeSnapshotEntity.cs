namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>The code of one run or submission of a coding question, with what it came to (its output is not kept).</summary>
internal sealed class CodeSnapshotEntity
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    /// <summary>The turn of the coding question (the turn's row is written when its answer completes).</summary>
    public int TurnIndex { get; set; }

    public required string ProblemId { get; set; }

    public DateTimeOffset RanAt { get; set; }

    /// <summary>Examples or All.</summary>
    public required string TestSet { get; set; }

    public bool Submission { get; set; }

    public required string Language { get; set; }

    public required string Code { get; set; }

    /// <summary>How the run ended (a RunStatus name).</summary>
    public required string Status { get; set; }

    /// <summary>The verdict (a Verdict name).</summary>
    public required string Verdict { get; set; }

    public int PassedCount { get; set; }

    public int TestCount { get; set; }
}
