using System.Globalization;
using System.Text;

namespace Rehearse.Interview.Interviewers.Reports;

/// <summary>Renders a report as Markdown or PDF, with the same sections in the same order.</summary>
public static class ReportRenderer
{
    /// <summary>The report as Markdown.</summary>
    public static string ToMarkdown(InterviewReport report, string title)
    {
        ArgumentNullException.ThrowIfNull(report);
        var document = new StringBuilder();
        foreach (var block in Blocks(report, title))
        {
            switch (block)
            {
                case Heading heading:
                    document.Append(new string('#', heading.Level)).Append(' ').AppendLine(heading.Text).AppendLine();
                    break;
                case Paragraph paragraph:
                    document.AppendLine(paragraph.Text).AppendLine();
                    break;
                case Bullets bullets:
                    foreach (var item in bullets.Items)
                    {
                        document.Append("- ").AppendLine(item);
                    }

                    document.AppendLine();
                    break;
                case Table table:
                    document.Append("| ").AppendJoin(" | ", table.Header).AppendLine(" |");
                    document.Append('|').AppendJoin("", table.Header.Select(_ => "---|")).AppendLine();
                    foreach (var row in table.Rows)
                    {
                        document.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).AppendLine(" |");
                    }

                    document.AppendLine();
                    break;
                case Code code:
                    document.AppendLine(FencedCode(code.Language, code.Text));
                    break;
            }
        }

        return document.ToString().TrimEnd() + Environment.NewLine;
    }

    /// <summary>The report as a PDF document.</summary>
    public static byte[] ToPdf(InterviewReport report, string title)
    {
        ArgumentNullException.ThrowIfNull(report);
        return PdfReportWriter.Write(Blocks(report, title));
    }

    // The report as a sequence of layout-neutral blocks, so Markdown and PDF cannot drift apart.
    internal static IEnumerable<Block> Blocks(InterviewReport report, string title)
    {
        yield return new Heading(1, title);
        yield return new Paragraph($"Written {report.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} by the {EngineName(report.Engine)}.");
        yield return new Paragraph(report.Summary);
        yield return new Heading(2, "Scores");
        yield return new Table(["Dimension", "Score", "Why"], ScoreRows(report.Scores));
        if (report.Strengths.Count > 0)
        {
            yield return new Heading(2, "What went well");
            yield return new Bullets(report.Strengths);
        }

        if (report.Improvements.Count > 0)
        {
            yield return new Heading(2, "What to improve");
            yield return new Bullets(report.Improvements);
        }

        if (report.Analytics is { } analytics)
        {
            yield return new Heading(2, "Delivery");
            yield return new Table(["Measure", "Value"], AnalyticsRows(analytics));
        }

        if (report.KeywordCoverage is { } keywords)
        {
            yield return new Heading(2, "Job description keywords");
            yield return new Paragraph($"You used {keywords.Covered.Count} of {keywords.Covered.Count + keywords.Missing.Count} keywords ({keywords.Ratio:P0}).");
            yield return new Bullets([
                "Used: " + (keywords.Covered.Count > 0 ? string.Join(", ", keywords.Covered) : "none"),
                "Not used: " + (keywords.Missing.Count > 0 ? string.Join(", ", keywords.Missing) : "none"),
            ]);
        }

        yield return new Heading(2, "Answers");
        foreach (var thread in report.Turns.GroupBy(f => f.Turn.QuestionIndex))
        {
            var question = report.Questions?.FirstOrDefault(q => q.QuestionIndex == thread.Key);
            yield return new Heading(3, $"Question {thread.Key + 1}" + (question is { PossiblyOffTopic: true } ? " (possibly off-topic)" : ""));
            if (question is not null)
            {
                yield return new Table(["Dimension", "Score", "Why"], ScoreRows(question.Scores));
                yield return new Paragraph(question.Explanation);
                if (question.Attempts is { Count: > 1 } attempts)
                {
                    yield return new Table(["Attempt", "Overall", "Change", "Technical depth", "Communication", "Problem solving"], AttemptRows(attempts));
                }
            }

            // The stated complexity may come in the follow-up: the question's latest judgement of it counts.
            var judged = thread.LastOrDefault(f => f.Assessment.Coding is not null)?.Assessment.Coding;
            var tried = thread.Select(f => f.Turn.Attempt).Distinct().Count() > 1;
            foreach (var feedback in thread)
            {
                if (tried && feedback.Turn.Kind == MoveKind.Question)
                {
                    yield return new Heading(4, $"Attempt {feedback.Turn.Attempt}");
                }

                foreach (var block in TurnBlocks(feedback, scored: question is null, judged))
                {
                    yield return block;
                }
            }

            if (thread.Select(f => f.Assessment.ExampleAnswer).FirstOrDefault(e => !string.IsNullOrWhiteSpace(e)) is { } example)
            {
                yield return new Paragraph("A stronger answer: " + example);
            }
        }

        if (!string.IsNullOrWhiteSpace(report.ScoringMethod))
        {
            yield return new Heading(2, "How the scores are made");
            yield return new Paragraph(report.ScoringMethod);
        }

        if (report.Notes.Count > 0)
        {
            yield return new Heading(2, "Notes");
            yield return new Bullets(report.Notes);
        }
    }

    // The attempts side by side, each with its change from the one before.
    private static string[][] AttemptRows(IReadOnlyList<QuestionAttempt> attempts) =>
    [
        .. attempts.Select((a, i) => new[]
        {
            a.Attempt.ToString(CultureInfo.InvariantCulture),
            a.Scores.Overall.ToString(CultureInfo.InvariantCulture),
            i == 0 ? "" : (a.Scores.Overall - attempts[i - 1].Scores.Overall).ToString("+0;-0;0", CultureInfo.InvariantCulture),
            a.Scores.TechnicalDepth.Score.ToString(CultureInfo.InvariantCulture),
            a.Scores.Communication.Score.ToString(CultureInfo.InvariantCulture),
            a.Scores.ProblemSolving.Score.ToString(CultureInfo.InvariantCulture),
        }),
    ];

    private static string[][] ScoreRows(AnswerScores scores) =>
    [
        ["Overall", $"{scores.Overall}/100", ""],
        ["Technical depth", $"{scores.TechnicalDepth.Score}/100", scores.TechnicalDepth.Reason],
        ["Communication", $"{scores.Communication.Score}/100", scores.Communication.Reason],
        ["Problem solving", $"{scores.ProblemSolving.Score}/100", scores.ProblemSolving.Reason],
    ];

    // One answer: what was asked, the answer and its feedback; its own scores only in reports without question scores.
    private static IEnumerable<Block> TurnBlocks(TurnFeedback feedback, bool scored, Coding.CodingAssessment? judged)
    {
        var turn = feedback.Turn;
        var assessment = feedback.Assessment;
        yield return new Paragraph((turn.Kind == MoveKind.FollowUp ? "Follow-up: " : "Q: ") + turn.Question);
        yield return new Paragraph("A: " + (turn.Skipped ? "(skipped)" : turn.Answer.Length == 0 ? "(no answer)" : turn.Answer));
        if (turn.Coding is { } coding)
        {
            yield return new Paragraph(CodingSummary(coding, judged));
            yield return new Code(coding.Language, coding.FinalCode);
        }
        if (scored)
        {
            yield return new Table(["Technical depth", "Communication", "Problem solving", "Overall"],
            [[
                assessment.Scores.TechnicalDepth.Score.ToString(CultureInfo.InvariantCulture),
                assessment.Scores.Communication.Score.ToString(CultureInfo.InvariantCulture),
                assessment.Scores.ProblemSolving.Score.ToString(CultureInfo.InvariantCulture),
                assessment.Scores.Overall.ToString(CultureInfo.InvariantCulture),
            ]]);
        }

        var details = new List<string>();
        if (assessment.Relevance is { PossiblyOffTopic: true } relevance)
        {
            details.Add("Possibly off-topic: " + relevance.Reason);
        }

        if (assessment.CoveredPoints.Count > 0)
        {
            details.Add("Covered: " + string.Join("; ", assessment.CoveredPoints));
        }

        if (assessment.MentionedPoints is { Count: > 0 } mentioned)
        {
            details.Add("Mentioned only: " + string.Join("; ", mentioned));
        }

        if (assessment.MissedPoints.Count > 0)
        {
            details.Add("Missed: " + string.Join("; ", assessment.MissedPoints));
        }

        if (assessment.Star is { } star)
        {
            details.Add($"STAR: situation {Mark(star.Situation)}, task {Mark(star.Task)}, action {Mark(star.Action)}, result {Mark(star.Result)}");
        }

        if (turn.Analytics is { } turnAnalytics)
        {
            details.Add($"Delivery: {turnAnalytics.WordsPerMinute:0} words per minute, {turnAnalytics.FillersPer100Words:0.#} fillers per 100 words, {turnAnalytics.LongPauseCount} long pauses");
        }

        details.AddRange(assessment.Strengths.Select(s => "Strength: " + s));
        details.AddRange(assessment.Improvements.Select(i => "Improve: " + i));
        if (details.Count > 0)
        {
            yield return new Bullets(details);
        }
    }

    private static string[][] AnalyticsRows(SpeechAnalytics analytics)
    {
        var rows = new List<string[]>
        {
            new[] { "Words spoken", analytics.WordCount.ToString(CultureInfo.InvariantCulture) },
            new[] { "Pace", $"{analytics.WordsPerMinute.ToString("0", CultureInfo.InvariantCulture)} words per minute" },
            new[] { "Fillers", $"{analytics.FillersPer100Words.ToString("0.#", CultureInfo.InvariantCulture)} per 100 words" },
        };
        if (analytics.Fillers.Count > 0)
        {
            rows.Add(["Most frequent fillers", string.Join(", ", analytics.Fillers.Take(5).Select(f => $"{f.Filler} ({f.Count})"))]);
        }

        rows.Add(["Long pauses", $"{analytics.LongPauseCount} (longest {analytics.LongestPause.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)"]);
        rows.Add(["Speaking time", $"{analytics.SpeakingDuration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s of {analytics.AnswerDuration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"]);
        return [.. rows];
    }

    /// <summary>A coding question's outcome in a paragraph: tests, runs, time to the first passing run, hints and complexity.</summary>
    public static string CodingSummary(Coding.CodingOutcome coding, Coding.CodingAssessment? judged)
    {
        ArgumentNullException.ThrowIfNull(coding);
        var summary = new StringBuilder($"Code ({coding.Title}, {coding.Language}, ")
            .Append(coding.Submitted
                ? $"submitted): {coding.TestsPassed} of {coding.TestCount} tests passed ({coding.HiddenTestsPassed} of {coding.HiddenTestCount} hidden)."
                : $"not submitted): {coding.FinalRunSummary}")
            .Append(CultureInfo.InvariantCulture, $" Runs before submitting: {coding.RunCount}.")
            .Append(coding.TimeToFirstPass is { } first
                ? $" First passing run after {(int)first.TotalMinutes}:{first.Seconds:00}."
                : " No run passed every test it ran.")
            .Append(CultureInfo.InvariantCulture, $" Hints used: {coding.HintsUsed}.");
        if (judged is not null)
        {
            summary.Append(judged.StatedTimeComplexity is { } stated
                ? $" Time complexity stated: {stated} (expected {judged.ExpectedTimeComplexity})."
                : $" No time complexity stated (expected {judged.ExpectedTimeComplexity}).");
        }

        return summary.ToString();
    }

    /// <summary>Code as a Markdown fenced block, the fence longer than any run of backticks in the code.</summary>
    public static string FencedCode(string language, string code)
    {
        ArgumentNullException.ThrowIfNull(language);
        ArgumentNullException.ThrowIfNull(code);
        var fence = new string('`', Math.Max(3, LongestBacktickRun(code) + 1));
        return $"{fence}{language.ToLowerInvariant()}\n{code.TrimEnd()}\n{fence}\n";
    }

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static string Mark(bool present) => present ? "yes" : "missing";

    private static string EngineName(InterviewerEngineKind engine) => engine switch
    {
        InterviewerEngineKind.Gemini => "Gemini interviewer",
        InterviewerEngineKind.OpenAiCompatible => "language-model interviewer",
        _ => "built-in interviewer",
    };

    internal abstract record Block;

    internal sealed record Heading(int Level, string Text) : Block;

    internal sealed record Paragraph(string Text) : Block;

    internal sealed record Bullets(IReadOnlyList<string> Items) : Block;

    internal sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;

    internal sealed record Code(string Language, string Text) : Block;
}
