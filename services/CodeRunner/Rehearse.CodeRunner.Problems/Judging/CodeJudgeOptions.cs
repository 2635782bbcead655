namespace Rehearse.CodeRunner.Problems.Judging;

/// <summary>Limits on what a run may send (configuration section <c>CodeRunner</c>).</summary>
public sealed class CodeJudgeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CodeRunner";

    /// <summary>Largest source, in UTF-8 bytes.</summary>
    public int MaxSourceBytes { get; set; } = 64 * 1024;

    /// <summary>Largest standard input of a scratch run, in UTF-8 bytes.</summary>
    public int MaxStdinBytes { get; set; } = 64 * 1024;

    /// <summary>Every problem in the options; empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxSourceBytes is < 1024 or > 4 * 1024 * 1024)
        {
            yield return $"CodeRunner:MaxSourceBytes must be between 1 KiB and 4 MiB (was {MaxSourceBytes}).";
        }
        if (MaxStdinBytes is < 0 or > 4 * 1024 * 1024)
        {
            yield return $"CodeRunner:MaxStdinBytes must be between 0 and 4 MiB (was {MaxStdinBytes}).";
        }
    }
}
