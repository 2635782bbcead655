namespace Rehearse.Interview.Interviewers.Coding;

/// <summary>What every engine says and decides the same way about coding questions.</summary>
public static class CodingQuestions
{
    /// <summary>The problem and the main turn's outcome of the coding question a turn belongs to; null for other questions.</summary>
    public static (CodingProblemBrief Problem, CodingOutcome? Outcome)? For(InterviewProgress progress, AnsweredTurn turn)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.QuestionIndex < 0 || turn.QuestionIndex >= progress.Plan.Count || progress.Plan[turn.QuestionIndex].Coding is not { } problem)
        {
            return null;
        }

        var outcome = turn.Coding ?? progress.Turns.FirstOrDefault(t => t.QuestionIndex == turn.QuestionIndex && t.Coding is not null)?.Coding;
        return (problem, outcome);
    }

    /// <summary>
    /// The follow-up after a coding question's main answer: its complexity (unless already stated) and edge cases.
    /// Null when none is due: the question was skipped, or its follow-up was asked.
    /// </summary>
    public static string? FollowUp(InterviewProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.Turns.Count == 0)
        {
            return null;
        }

        var last = progress.Turns[^1];
        if (For(progress, last) is null || last.Kind != MoveKind.Question || last.Skipped)
        {
            return null;
        }

        return ComplexityParser.StatedTime(last.Answer) is { } stated
            ? $"You said your solution runs in {Spoken(stated.Notation)} time. How much extra space does it use, and which edge cases did you make sure it handles?"
            : "Before we move on: what are the time and space complexity of your solution, and which edge cases did you make sure it handles?";
    }

    /// <summary>The spoken introduction of a problem: its title and where to find it, not the whole statement.</summary>
    public static string Introduction(string title, string language) =>
        $"Now a coding problem: {title}. The statement, examples and starter code are in your editor, in {language}. "
        + "Take a minute to read it, then talk me through your approach as you code. Run the examples whenever you like, "
        + "ask me for a hint if you get stuck, and submit when you're done.";

    /// <summary>A hint as spoken.</summary>
    public static string Hint(string hint, bool offered) =>
        offered ? $"You've been quiet for a while, so here's a hint. {hint}" : $"Here's a hint. {hint}";

    private static string Spoken(string notation) => notation.Replace("^2", " squared", StringComparison.Ordinal).Replace("^3", " cubed", StringComparison.Ordinal);
}
