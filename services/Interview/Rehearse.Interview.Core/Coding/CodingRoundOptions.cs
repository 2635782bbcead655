using System.ComponentModel.DataAnnotations;

namespace Rehearse.Interview.Core.Coding;

/// <summary>How coding questions run (configuration section <c>Interview:Coding</c>).</summary>
public sealed class CodingRoundOptions
{
    /// <summary>
    /// Longest a coding question's answer may last before the interviewer moves on (instead of the answer time
    /// limit): the candidate writes code, so the answer does not end on silence either.
    /// </summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMinutes(45);

    /// <summary>
    /// After this long without a run, a hint or speech, the interviewer offers a hint (once per stall). Zero: never.
    /// </summary>
    public TimeSpan HintOfferAfter { get; set; } = TimeSpan.FromMinutes(3);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (TimeLimit < TimeSpan.FromMinutes(1) || TimeLimit > TimeSpan.FromHours(3))
        {
            yield return new ValidationResult($"Interview:Coding:TimeLimit is {TimeLimit}; allowed range 00:01:00 to 03:00:00.", [nameof(Sessions.InterviewOptions.Coding)]);
        }
        if (HintOfferAfter < TimeSpan.Zero || HintOfferAfter > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"Interview:Coding:HintOfferAfter is {HintOfferAfter}; allowed range 00:00:00 (never) to 01:00:00.", [nameof(Sessions.InterviewOptions.Coding)]);
        }
    }
}
