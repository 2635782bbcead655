using Rehearse.Interview.V1;
using Spectre.Console;

namespace Rehearse.Console.Interview;

/// <summary>The feedback of practice mode as markup lines, the same in the live panel and the plain log.</summary>
public static class PracticeFeedbackText
{
    /// <summary>How to choose after the feedback, per way of answering.</summary>
    public static string Choices(AnswerMode mode) => mode switch
    {
        AnswerMode.Typed => "Type /again to try the question again, or press Enter to continue.",
        AnswerMode.Files => "Continuing (answer files have one answer per question).",
        _ => "Press a to try the question again, or c (or Enter) to continue.",
    };

    /// <summary>Score with its change, the points and the tip, as markup lines.</summary>
    public static IReadOnlyList<string> Lines(AnswerFeedback feedback)
    {
        var overall = feedback.Scores?.Overall ?? 0;
        var change = feedback.HasPreviousOverall
            ? $" ({(overall - feedback.PreviousOverall >= 0 ? "+" : "")}{overall - feedback.PreviousOverall} from attempt {feedback.Attempt - 1})"
            : "";
        var lines = new List<string>
        {
            $"[bold]Question {feedback.QuestionIndex + 1}, attempt {feedback.Attempt}: {overall}/100{change}[/]",
        };
        if (feedback.Scores is { } scores)
        {
            lines.Add($"Technical depth {scores.TechnicalDepth?.Score ?? 0} · communication {scores.Communication?.Score ?? 0} · problem solving {scores.ProblemSolving?.Score ?? 0}");
        }
        AddPoints(lines, "Covered", "green", feedback.CoveredPoints);
        AddPoints(lines, "Only mentioned", "yellow", feedback.MentionedPoints);
        AddPoints(lines, "Missed", "red", feedback.MissedPoints);
        lines.Add($"Tip: {Markup.Escape(feedback.Tip)}");
        return lines;
    }

    private static void AddPoints(List<string> lines, string label, string colour, IReadOnlyCollection<string> points)
    {
        if (points.Count > 0)
        {
            lines.Add($"[{colour}]{label}:[/] {Markup.Escape(string.Join("; ", points))}");
        }
    }
}
