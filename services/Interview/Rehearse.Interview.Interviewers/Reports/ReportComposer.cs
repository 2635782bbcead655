using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Assessment;

namespace Rehearse.Interview.Interviewers.Reports;

/// <summary>
/// Writes a session's report from its turns and their assessments: overall scores (each main question weighs the
/// same; its last assessment counts, since follow-ups build on the main answer), summary, the most common strengths
/// and improvements, combined speech analytics and keyword coverage against the job description.
/// </summary>
public sealed class ReportComposer(JobKeywords jobKeywords, TimeProvider time)
{
    /// <summary>Composes the report.</summary>
    public InterviewReport Compose(
        InterviewProgress progress,
        IReadOnlyList<AnswerAssessment> assessments,
        InterviewerEngineKind engine,
        IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(assessments);
        ArgumentNullException.ThrowIfNull(notes);
        var byTurn = assessments.GroupBy(a => a.TurnIndex).ToDictionary(g => g.Key, g => g.Last());
        var feedback = progress.Turns
            .Where(t => byTurn.ContainsKey(t.Index))
            .Select(t => new TurnFeedback(t, byTurn[t.Index]))
            .ToArray();

        // One score per main question asked: the last assessment of its thread.
        var perQuestion = feedback.GroupBy(f => f.Turn.QuestionIndex)
            .Select(g => (QuestionIndex: g.Key, Feedback: g.Last(), Answered: g.Any(f => !f.Turn.Skipped)))
            .ToArray();
        var spoken = feedback.Where(f => !f.Turn.Skipped).ToArray();
        var scores = OverallScores(progress.Setup.Kind, perQuestion.Select(p => p.Feedback).ToArray(), spoken);

        var allNotes = notes.Concat(assessments.Select(a => a.Note).OfType<string>()).Distinct(StringComparer.Ordinal).ToArray();
        return new InterviewReport(
            progress.Setup,
            time.GetUtcNow(),
            scores,
            Summary(progress, perQuestion.Length, perQuestion.Count(p => p.Answered), scores, perQuestion.Select(p => p.Feedback).ToArray()),
            MostCommon(spoken.SelectMany(f => f.Assessment.Strengths), 4),
            MostCommon(feedback.SelectMany(f => f.Assessment.Improvements), 5),
            feedback,
            SpeechAnalyzer.Combine(feedback.Select(f => f.Turn.Analytics)),
            jobKeywords.Coverage(progress.Setup.JobDescription, spoken.Select(f => f.Turn.Answer)),
            engine,
            allNotes);
    }

    private static AnswerScores OverallScores(InterviewKind kind, TurnFeedback[] perQuestion, TurnFeedback[] spoken)
    {
        if (perQuestion.Length == 0)
        {
            var none = new ScoredDimension(0, "No questions were answered.");
            return new AnswerScores(none, none, none, 0);
        }

        ScoredDimension Average(Func<AnswerScores, ScoredDimension> dimension, IReadOnlyList<TurnFeedback> items, string what)
        {
            if (items.Count == 0)
            {
                return new ScoredDimension(0, "No answers to judge.");
            }

            var values = items.Select(i => dimension(i.Assessment.Scores).Score).ToArray();
            var best = items.MaxBy(i => dimension(i.Assessment.Scores).Score)!;
            var worst = items.MinBy(i => dimension(i.Assessment.Scores).Score)!;
            var reason = $"Average over {items.Count} {what}";
            if (items.Count > 1)
            {
                reason += $"; strongest on question {best.Turn.QuestionIndex + 1} ({dimension(best.Assessment.Scores).Score}), "
                    + $"weakest on question {worst.Turn.QuestionIndex + 1} ({dimension(worst.Assessment.Scores).Score})";
            }

            var firstReason = dimension(worst.Assessment.Scores).Reason;
            return new ScoredDimension((int)Math.Round(values.Average()),
                firstReason.Length > 0 && items.Count > 1 ? $"{reason}. Weakest: {firstReason}" : $"{reason}. {dimension(best.Assessment.Scores).Reason}");
        }

        var technical = Average(s => s.TechnicalDepth, perQuestion, "questions");
        var communication = Average(s => s.Communication, spoken.Length > 0 ? spoken : perQuestion, "answers");
        var solving = Average(s => s.ProblemSolving, perQuestion, "questions");
        return new AnswerScores(technical, communication, solving,
            AnswerAssessor.Overall(kind, technical.Score, communication.Score, solving.Score));
    }

    private static string Summary(InterviewProgress progress, int asked, int answered, AnswerScores scores, TurnFeedback[] perQuestion)
    {
        var setup = progress.Setup;
        var kind = setup.Kind switch
        {
            InterviewKind.Behavioral => "behavioral",
            InterviewKind.SystemDesign => "system design",
            _ => "technical",
        };
        var summary = $"You answered {answered} of {asked} main question{(asked == 1 ? "" : "s")} in this {setup.Difficulty.ToString().ToLowerInvariant()} {kind} interview"
            + (progress.Plan.Count > asked ? $" (the session ended before the remaining {progress.Plan.Count - asked})" : "")
            + $". Overall {scores.Overall}/100: technical depth {scores.TechnicalDepth.Score}, communication {scores.Communication.Score}, problem solving {scores.ProblemSolving.Score}.";
        var answeredFeedback = perQuestion.Where(f => !f.Turn.Skipped).ToArray();
        if (answeredFeedback.Length > 1)
        {
            var best = answeredFeedback.MaxBy(f => f.Assessment.Scores.Overall)!;
            var worst = answeredFeedback.MinBy(f => f.Assessment.Scores.Overall)!;
            if (best.Assessment.Scores.Overall > worst.Assessment.Scores.Overall)
            {
                summary += $" Your strongest answer was question {best.Turn.QuestionIndex + 1} ({best.Assessment.Scores.Overall}); "
                    + $"question {worst.Turn.QuestionIndex + 1} ({worst.Assessment.Scores.Overall}) has the most room to grow.";
            }
        }

        summary += scores.Overall switch
        {
            >= 80 => " This is a strong performance; polish the details below.",
            >= 60 => " A solid base: the improvements below are what would lift it to a strong hire.",
            >= 40 => " There is a good foundation to build on; focus on the improvements below.",
            _ => " Practise the improvements below and try this set again.",
        };
        return summary;
    }

    private static string[] MostCommon(IEnumerable<string> items, int max) =>
        items.GroupBy(i => i, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Take(max)
            .Select(g => g.Key)
            .ToArray();
}
