using System.Globalization;
using Rehearse.Interview.V1;
using Spectre.Console;

namespace Rehearse.Console.Interview;

/// <summary>Prints an interview report (and session turns) for people: styled on a terminal, plain text in a pipe.</summary>
public static class ReportPrinter
{
    /// <summary>Writes the report.</summary>
    public static void Write(IAnsiConsole console, Report report)
    {
        var scores = report.Scores ?? new AnswerScores();
        console.WriteLine();
        console.MarkupLine($"[bold]Report[/] — overall {Score(scores.Overall)}/100 [grey](engine: {InterviewNames.Engine(report.Engine)})[/]");
        WriteDimensions(console, scores, "  ");
        if (report.Summary.Length > 0)
        {
            console.WriteLine();
            console.MarkupLine("[bold]Summary[/]");
            console.MarkupLine($"  {Markup.Escape(report.Summary)}");
        }
        WriteList(console, "Strengths", report.Strengths);
        WriteList(console, "To improve", report.Improvements);
        if (report.Analytics is { WordCount: > 0 } analytics)
        {
            console.WriteLine();
            console.MarkupLine("[bold]Delivery[/]");
            console.MarkupLine($"  {Markup.Escape(Analytics(analytics))}");
        }
        if (report.KeywordCoverage is { } keywords)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]Job description keywords[/] — {keywords.Ratio.ToString("P0", CultureInfo.InvariantCulture)} covered");
            if (keywords.Covered.Count > 0)
            {
                console.MarkupLine($"  covered: {Markup.Escape(string.Join(", ", keywords.Covered))}");
            }
            if (keywords.Missing.Count > 0)
            {
                console.MarkupLine($"  missing: {Markup.Escape(string.Join(", ", keywords.Missing))}");
            }
        }
        foreach (var thread in report.Turns.GroupBy(f => f.Turn?.QuestionIndex ?? 0))
        {
            WriteQuestion(console, thread.Key, report.QuestionScores.FirstOrDefault(q => q.QuestionIndex == thread.Key), [.. thread]);
        }
        WriteList(console, "Notes", report.Notes);
        if (report.ScoringMethod.Length > 0)
        {
            console.WriteLine();
            console.MarkupLine("[bold]How the scores are made[/]");
            console.MarkupLine($"  [grey]{Markup.Escape(report.ScoringMethod)}[/]");
        }
    }

    // A coding question: the tests the final code passed, how it got there, and the code itself.
    private static void WriteCoding(IAnsiConsole console, CodingFeedback coding)
    {
        var tests = coding.Submitted ? $"{coding.TestsPassed}/{coding.TestCount} tests passed (hidden {coding.HiddenTestsPassed}/{coding.HiddenTestCount})" : "not submitted";
        console.MarkupLine($"    [bold]code[/] ({Markup.Escape(coding.ProblemTitle)}, {InterviewNames.CodingLanguage(coding.Language)}): {Markup.Escape(tests)}");
        var firstPass = coding.TimeToFirstPass is { } pass ? $"{pass.ToTimeSpan().TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s" : "none";
        console.MarkupLine($"    first passing run: {firstPass} · runs: {coding.RunCount} · hints: {coding.HintsUsed}");
        if (coding.ExpectedTimeComplexity.Length > 0)
        {
            var stated = coding.StatedTimeComplexity.Length > 0 ? coding.StatedTimeComplexity + (coding.ComplexityMatches ? " ✓" : "") : "not stated";
            console.MarkupLine($"    time complexity: {Markup.Escape(stated)} (expected {Markup.Escape(coding.ExpectedTimeComplexity)})");
        }
        foreach (var line in coding.FinalCode.TrimEnd().Split('\n'))
        {
            console.MarkupLine($"    [grey]│[/] {Markup.Escape(line.TrimEnd())}");
        }
    }

    /// <summary>Writes a session's header and turns.</summary>
    public static void WriteSession(IAnsiConsole console, Session session, IEnumerable<Turn> turns)
    {
        console.MarkupLine($"[bold]{Markup.Escape(session.Title)}[/] [grey]({Markup.Escape(session.Id)})[/]");
        console.MarkupLine($"  state: {InterviewNames.State(session.State)} · question {Math.Min(session.QuestionIndex + 1, session.QuestionCount)}/{session.QuestionCount}" +
            (session.OverallScore > 0 ? $" · overall {session.OverallScore}/100" : ""));
        if (session.CreateTime is { } created)
        {
            console.MarkupLine($"  created: {created.ToDateTime().ToLocalTime():yyyy-MM-dd HH:mm}");
        }
        foreach (var turn in turns)
        {
            WriteTurn(console, turn);
        }
    }

    // A main question with its one score (the summary's), then each of its answers with their feedback. A report
    // written before questions were scored whole has no question score: each answer shows its own then.
    private static void WriteQuestion(IAnsiConsole console, int questionIndex, QuestionScore? score, IReadOnlyList<TurnFeedback> thread)
    {
        if (score is not null)
        {
            var scores = score.Scores ?? new AnswerScores();
            console.WriteLine();
            console.MarkupLine($"[bold]Question {questionIndex + 1}[/] — {Score(scores.Overall)}/100" +
                (score.PossiblyOffTopic ? " [red]possibly off-topic[/]" : ""));
            WriteDimensions(console, scores, "  ");
            if (score.Explanation.Length > 0)
            {
                console.MarkupLine($"  [grey]{Markup.Escape(score.Explanation)}[/]");
            }
        }
        foreach (var feedback in thread)
        {
            WriteTurn(console, feedback.Turn ?? new Turn(), showScores: score is null);
            if (feedback.Coding is { } coding)
            {
                WriteCoding(console, coding);
            }
            if (feedback.Relevance is { PossiblyOffTopic: true } relevance)
            {
                console.MarkupLine($"    [red]possibly off-topic:[/] {Markup.Escape(relevance.Reason)}");
            }
            if (feedback.CoveredPoints.Count > 0)
            {
                console.MarkupLine($"    [green]covered:[/] {Markup.Escape(string.Join("; ", feedback.CoveredPoints))}");
            }
            if (feedback.MentionedPoints.Count > 0)
            {
                console.MarkupLine($"    [yellow]mentioned, not explained:[/] {Markup.Escape(string.Join("; ", feedback.MentionedPoints))}");
            }
            if (feedback.MissedPoints.Count > 0)
            {
                console.MarkupLine($"    [yellow]missed:[/] {Markup.Escape(string.Join("; ", feedback.MissedPoints))}");
            }
            if (feedback.Star is { } star)
            {
                console.MarkupLine($"    STAR: situation {Mark(star.Situation)} · task {Mark(star.Task)} · action {Mark(star.Action)} · result {Mark(star.Result)}");
            }
            foreach (var strength in feedback.Strengths)
            {
                console.MarkupLine($"    + {Markup.Escape(strength)}");
            }
            foreach (var improvement in feedback.Improvements)
            {
                console.MarkupLine($"    → {Markup.Escape(improvement)}");
            }
        }
        if (thread.Select(f => f.ExampleAnswer).FirstOrDefault(e => e.Length > 0) is { } example)
        {
            console.MarkupLine($"    [grey]stronger answer:[/] {Markup.Escape(example)}");
        }
    }

    private static void WriteTurn(IAnsiConsole console, Turn turn, bool showScores = true)
    {
        var label = turn.Kind == TurnKind.FollowUp ? "Follow-up" : $"Question {turn.QuestionIndex + 1}";
        console.WriteLine();
        console.MarkupLine($"[bold]{label}:[/] {Markup.Escape(turn.Question)}");
        var answer = turn.Skipped ? "(skipped)" : turn.Answer.Length == 0 ? "(no answer)" : turn.Answer;
        console.MarkupLine($"  [grey]{(turn.Typed ? "typed" : "answer")}:[/] {Markup.Escape(answer)}");
        if (showScores && turn.Scores is { } scores)
        {
            console.MarkupLine($"  score {Score(scores.Overall)}/100 [grey](depth {scores.TechnicalDepth?.Score ?? 0}, communication {scores.Communication?.Score ?? 0}, problem solving {scores.ProblemSolving?.Score ?? 0})[/]");
        }
        if (turn.Analytics is { WordCount: > 0 } analytics)
        {
            console.MarkupLine($"  [grey]{Markup.Escape(Analytics(analytics))}[/]");
        }
    }

    private static void WriteDimensions(IAnsiConsole console, AnswerScores scores, string indent)
    {
        foreach (var (name, dimension) in new[] { ("Technical depth", scores.TechnicalDepth), ("Communication", scores.Communication), ("Problem solving", scores.ProblemSolving) })
        {
            if (dimension is not null)
            {
                console.MarkupLine($"{indent}{name,-16} {Score(dimension.Score),3}  [grey]{Markup.Escape(dimension.Reason)}[/]");
            }
        }
    }

    private static void WriteList(IAnsiConsole console, string title, IReadOnlyCollection<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        console.WriteLine();
        console.MarkupLine($"[bold]{title}[/]");
        foreach (var item in items)
        {
            console.MarkupLine($"  - {Markup.Escape(item)}");
        }
    }

    private static string Analytics(SpeechAnalytics analytics)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{analytics.WordCount} words, {analytics.WordsPerMinute:0} words/min, {analytics.FillersPer100Words:0.0} fillers per 100 words");
        if (analytics.LongPauseCount > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $", {analytics.LongPauseCount} long pause{(analytics.LongPauseCount == 1 ? "" : "s")} (longest {analytics.LongestPause?.ToTimeSpan().TotalSeconds ?? 0:0.0} s)");
        }
        return text;
    }

    private static string Score(int score) => score switch
    {
        >= 75 => $"[green]{score}[/]",
        >= 50 => $"[yellow]{score}[/]",
        _ => $"[red]{score}[/]",
    };

    private static string Mark(bool covered) => covered ? "[green]yes[/]" : "[red]no[/]";
}
