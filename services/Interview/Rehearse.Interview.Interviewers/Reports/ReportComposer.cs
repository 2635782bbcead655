using System.Globalization;
using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Assessment;

namespace Rehearse.Interview.Interviewers.Reports;

/// <summary>
/// Writes a session's report from its turns and their assessments: one score per main question (its main answer
/// and follow-ups combined by <see cref="ScoringMethod"/>'s rule; a question tried again scores its last attempt), the interview's scores as the average of the
/// questions', a summary quoting the same question scores, the most common strengths and improvements, combined
/// speech analytics and keyword coverage against the job description.
/// </summary>
public sealed class ReportComposer(JobKeywords jobKeywords, TimeProvider time)
{
    /// <summary>Points taken off a question's overall score for each of its follow-ups left unanswered or skipped.</summary>
    public const int EmptyFollowUpDeduction = 5;

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

        var kind = progress.Setup.Kind;
        var questions = feedback.GroupBy(f => f.Turn.QuestionIndex)
            .Select(g => ScoreAttempts(kind, g.ToArray()))
            .ToArray();
        var spoken = feedback.Where(f => IsAnswered(f.Turn)).ToArray();
        // Strengths and improvements speak of the answers that count: each question's last attempt.
        var lastAttempt = feedback.GroupBy(f => f.Turn.QuestionIndex).ToDictionary(g => g.Key, g => g.Max(f => f.Turn.Attempt));
        var current = feedback.Where(f => f.Turn.Attempt == lastAttempt[f.Turn.QuestionIndex]).ToArray();
        var scores = OverallScores(questions);

        var allNotes = notes.Concat(assessments.Select(a => a.Note).OfType<string>()).Distinct(StringComparer.Ordinal).ToArray();
        return new InterviewReport(
            progress.Setup,
            time.GetUtcNow(),
            scores,
            Summary(progress, questions, scores),
            MostCommon(current.Where(f => IsAnswered(f.Turn)).SelectMany(f => f.Assessment.Strengths), 4),
            MostCommon(current.SelectMany(f => f.Assessment.Improvements), 5),
            WithoutRepeats(feedback),
            SpeechAnalyzer.Combine(feedback.Select(f => f.Turn.Analytics)),
            jobKeywords.Coverage(progress.Setup.JobDescription, spoken.Select(f => f.Turn.Answer)),
            engine,
            allNotes,
            questions.Select(q => q.Score).ToArray(),
            progress.Plan.Any(q => q.Coding is not null) ? ScoringMethod(kind) + " " + Coding.CodingScorer.Method : ScoringMethod(kind));
    }

    /// <summary>How the scores are made, as the report states it.</summary>
    public static string ScoringMethod(InterviewKind kind)
    {
        var (technical, communication, solving) = kind switch
        {
            InterviewKind.Behavioral => (30, 35, 35),
            InterviewKind.SystemDesign => (40, 20, 40),
            _ => (45, 25, 30),
        };
        var name = KindName(kind);
        return "Each answer is scored 0 to 100 on technical depth (the question's key points it covers, a point whose "
            + "term is only mentioned counting a quarter, plus trade-offs and specifics), communication (structure, "
            + "fillers, hedging, sentence length, length and pace) and problem solving (reasons, trade-offs and examples; "
            + "for behavioral questions the situation, task, actions and result of the story). "
            + $"In a {name} interview the overall score weighs them {technical}/{communication}/{solving}. "
            + "An answer that seems to be about something else (few of the question's topic words, or in few of its "
            + $"sentences) is marked possibly off-topic and capped at {AnswerAssessor.OffTopicCap} for technical depth and "
            + $"problem solving and {AnswerAssessor.OffTopicCommunicationCap} for communication. "
            + "Each question gets one score from its main answer and follow-ups: technical depth and problem solving "
            + "are the best the answers reached (a follow-up is judged together with the main answer, so it can add "
            + "points but not take them away), communication is the average of the answers given, and each follow-up "
            + $"left unanswered takes {EmptyFollowUpDeduction} points off the question's overall score. A skipped question "
            + "scores 0. A question tried again is scored by its last attempt alone (the earlier attempts are shown "
            + "beside it with the change). The interview's scores are the averages of the question scores (communication over the "
            + "questions answered).";
    }

    /// <summary>
    /// The answers' feedback as the report shows it: a follow-up is judged together with the answers before it, so its
    /// assessment repeats their points and advice. Each answer after the first of a question's attempt keeps only what
    /// it adds: points newly covered or mentioned, strengths and advice not given yet, and the points still missed
    /// when that list changed. Scores, STAR and the coding judgement are left as they are.
    /// </summary>
    public static TurnFeedback[] WithoutRepeats(IReadOnlyList<TurnFeedback> feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var shown = feedback.ToArray();
        var threads = shown.Select((f, i) => (f, i)).GroupBy(x => (x.f.Turn.QuestionIndex, x.f.Turn.Attempt));
        foreach (var thread in threads)
        {
            var covered = new HashSet<string>(StringComparer.Ordinal);
            var mentioned = new HashSet<string>(StringComparer.Ordinal);
            var strengths = new HashSet<string>(StringComparer.Ordinal);
            var improvements = new HashSet<string>(StringComparer.Ordinal);
            IReadOnlyList<string>? missedBefore = null;
            foreach (var (f, i) in thread.OrderBy(x => x.f.Turn.Index))
            {
                var a = f.Assessment;
                var trimmed = a with
                {
                    CoveredPoints = [.. a.CoveredPoints.Where(p => !covered.Contains(p))],
                    MentionedPoints = a.MentionedPoints is null ? null : [.. a.MentionedPoints.Where(p => !covered.Contains(p) && !mentioned.Contains(p))],
                    MissedPoints = missedBefore is not null && missedBefore.SequenceEqual(a.MissedPoints) ? [] : a.MissedPoints,
                    Strengths = [.. a.Strengths.Where(p => !strengths.Contains(p))],
                    Improvements = [.. a.Improvements.Where(p => !improvements.Contains(p))],
                };
                covered.UnionWith(a.CoveredPoints);
                mentioned.UnionWith(a.MentionedPoints ?? []);
                strengths.UnionWith(a.Strengths);
                improvements.UnionWith(a.Improvements);
                missedBefore = a.MissedPoints;
                shown[i] = f with { Assessment = trimmed };
            }
        }
        return shown;
    }

    // A coding question answered in code alone is answered too.
    private static bool IsAnswered(AnsweredTurn turn) =>
        !turn.Skipped && (!string.IsNullOrWhiteSpace(turn.Answer) || turn.Coding is { Submitted: true } or { RunCount: > 0 });

    private sealed record ScoredQuestion(QuestionScore Score, bool Answered, int AnswersGiven);

    /// <summary>
    /// The score of one attempt at a main question, from its answers (main answer and follow-ups) with their
    /// assessments, by the report's rule: what practice mode shows on the spot, the same figure the report gives.
    /// </summary>
    public static QuestionScore ScoreAttempt(InterviewKind kind, IReadOnlyList<TurnFeedback> thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentOutOfRangeException.ThrowIfZero(thread.Count);
        return ScoreQuestion(kind, [.. thread]).Score;
    }

    // A question's score is its last attempt's; earlier attempts are listed with their scores for comparison.
    private static ScoredQuestion ScoreAttempts(InterviewKind kind, TurnFeedback[] turns)
    {
        var attempts = turns.GroupBy(f => f.Turn.Attempt).OrderBy(g => g.Key)
            .Select(g => (Attempt: g.Key, Thread: g.ToArray(), Scored: ScoreQuestion(kind, g.ToArray())))
            .ToArray();
        var last = attempts[^1].Scored;
        if (attempts.Length == 1)
        {
            return last;
        }

        var each = attempts.Select(a => $"attempt {a.Attempt}: {a.Scored.Score.Scores.Overall}").ToList();
        var explanation = $"{last.Score.Explanation} Tried {attempts.Length} times ({AnswerAssessor.Series(each, "and")}); the question scores its last attempt.";
        var list = attempts.Select(a => new QuestionAttempt(a.Attempt, a.Scored.Score.Scores, a.Thread.Select(f => f.Turn.Index).ToArray())).ToArray();
        return last with { Score = last.Score with { Explanation = explanation, Attempts = list } };
    }

    // One question's score: best depth and problem solving of its answers, average communication, a deduction per
    // unanswered follow-up.
    private static ScoredQuestion ScoreQuestion(InterviewKind kind, TurnFeedback[] thread)
    {
        var main = thread.FirstOrDefault(f => f.Turn.Kind == MoveKind.Question) ?? thread[0];
        var answered = thread.Where(f => IsAnswered(f.Turn)).ToArray();
        var emptyFollowUps = thread.Count(f => f.Turn.Kind == MoveKind.FollowUp && !IsAnswered(f.Turn));
        if (answered.Length == 0)
        {
            var reason = main.Turn.Skipped ? "The question was skipped." : "No answer was given.";
            var zero = new ScoredDimension(0, reason);
            return new ScoredQuestion(
                new QuestionScore(main.Turn.QuestionIndex, main.Turn.Question, new AnswerScores(zero, zero, zero, 0), false, reason + " It scores 0."),
                false, 0);
        }

        var deepest = answered.MaxBy(f => f.Assessment.Scores.TechnicalDepth.Score)!;
        var bestSolving = answered.MaxBy(f => f.Assessment.Scores.ProblemSolving.Score)!;
        var technical = Labelled(deepest, deepest.Assessment.Scores.TechnicalDepth);
        var solving = Labelled(bestSolving, bestSolving.Assessment.Scores.ProblemSolving);
        var communicationScores = answered.Select(f => f.Assessment.Scores.Communication.Score).ToArray();
        var communication = answered.Length == 1
            ? answered[0].Assessment.Scores.Communication
            : new ScoredDimension(
                (int)Math.Round(communicationScores.Average()),
                $"The average of {Describe(answered)}. {answered.MinBy(f => f.Assessment.Scores.Communication.Score)!.Assessment.Scores.Communication.Reason}");
        var overall = Math.Max(0, AnswerAssessor.Overall(kind, technical.Score, communication.Score, solving.Score) - (EmptyFollowUpDeduction * emptyFollowUps));

        var offTopic = deepest.Assessment.Relevance?.PossiblyOffTopic == true;
        var explanation = new List<string>
        {
            answered.Length == 1 && answered[0] == main
                ? "From the main answer."
                : $"From {Describe(answered)}: technical depth and problem solving are the best they reached together, communication is their average.",
        };
        if (emptyFollowUps > 0)
        {
            explanation.Add(emptyFollowUps == 1
                ? $"A follow-up went unanswered, which takes {EmptyFollowUpDeduction} points off."
                : $"{emptyFollowUps} follow-ups went unanswered, which takes {EmptyFollowUpDeduction * emptyFollowUps} points off.");
        }

        if (offTopic)
        {
            explanation.Add("The answer seems to be about something else, so its scores are capped.");
        }

        return new ScoredQuestion(
            new QuestionScore(main.Turn.QuestionIndex, main.Turn.Question, new AnswerScores(technical, communication, solving, overall), offTopic, string.Join(' ', explanation)),
            true,
            answered.Length);
    }

    // A follow-up's score on a dimension says it came from the follow-up, since it judges the main answer with it.
    private static ScoredDimension Labelled(TurnFeedback source, ScoredDimension dimension) =>
        source.Turn.Kind == MoveKind.FollowUp
            ? dimension with { Reason = $"With the follow-up: {LowerFirst(dimension.Reason)}" }
            : dimension;

    private static string Describe(TurnFeedback[] answered)
    {
        var followUps = answered.Count(f => f.Turn.Kind == MoveKind.FollowUp);
        var hasMain = answered.Any(f => f.Turn.Kind == MoveKind.Question);
        var followUpText = followUps == 1 ? "the follow-up" : $"{followUps} follow-ups";
        return hasMain ? (followUps == 0 ? "the main answer" : $"the main answer and {followUpText}") : followUpText;
    }

    private static AnswerScores OverallScores(ScoredQuestion[] questions)
    {
        if (questions.Length == 0)
        {
            var none = new ScoredDimension(0, "No questions were answered.");
            return new AnswerScores(none, none, none, 0);
        }

        var answered = questions.Where(q => q.Answered).ToArray();
        var technical = Average(questions, s => s.TechnicalDepth);
        var communication = answered.Length == 0 ? new ScoredDimension(0, "No answers to judge.") : Average(answered, s => s.Communication);
        var solving = Average(questions, s => s.ProblemSolving);
        var overall = (int)Math.Round(questions.Average(q => q.Score.Scores.Overall));
        return new AnswerScores(technical, communication, solving, overall);
    }

    // "The average of your 3 questions (question 1: 40, question 2: 72 and question 3: 0). Question 3: <reason>"
    private static ScoredDimension Average(ScoredQuestion[] questions, Func<AnswerScores, ScoredDimension> dimension)
    {
        var value = (int)Math.Round(questions.Average(q => dimension(q.Score.Scores).Score));
        if (questions.Length == 1)
        {
            return new ScoredDimension(value, $"From your one question: {LowerFirst(dimension(questions[0].Score.Scores).Reason)}");
        }

        var each = questions.Select(q => $"question {q.Score.QuestionIndex + 1}: {dimension(q.Score.Scores).Score}").ToList();
        var weakest = questions.MinBy(q => dimension(q.Score.Scores).Score)!;
        var reason = $"The average of your {questions.Length} questions ({AnswerAssessor.Series(each, "and")}).";
        if (questions.Any(q => dimension(q.Score.Scores).Score != dimension(weakest.Score.Scores).Score))
        {
            reason += $" Weakest, question {weakest.Score.QuestionIndex + 1}: {LowerFirst(dimension(weakest.Score.Scores).Reason)}";
        }

        return new ScoredDimension(value, reason);
    }

    private static string Summary(InterviewProgress progress, ScoredQuestion[] questions, AnswerScores scores)
    {
        var setup = progress.Setup;
        var asked = questions.Length;
        var answered = questions.Count(q => q.Answered);
        var summary = $"You answered {answered} of {asked} main question{(asked == 1 ? "" : "s")} in this {setup.Difficulty.ToString().ToLowerInvariant()} {KindName(setup.Kind)} interview"
            + (progress.Plan.Count > asked ? $" (the session ended before the remaining {progress.Plan.Count - asked})" : "")
            + $". Overall {scores.Overall}/100: technical depth {scores.TechnicalDepth.Score}, communication {scores.Communication.Score}, problem solving {scores.ProblemSolving.Score}.";
        var scored = questions.Where(q => q.Answered).Select(q => q.Score).ToArray();
        if (scored.Length > 1)
        {
            var best = scored.MaxBy(q => q.Scores.Overall)!;
            var worst = scored.MinBy(q => q.Scores.Overall)!;
            if (best.Scores.Overall > worst.Scores.Overall)
            {
                summary += $" Your strongest answer was question {best.QuestionIndex + 1} ({best.Scores.Overall}); "
                    + $"question {worst.QuestionIndex + 1} ({worst.Scores.Overall}) has the most room to grow.";
            }
        }

        var offTopic = scored.Where(q => q.PossiblyOffTopic).Select(q => (q.QuestionIndex + 1).ToString(CultureInfo.InvariantCulture)).ToList();
        if (offTopic.Count > 0)
        {
            summary += offTopic.Count == 1
                ? $" Your answer to question {offTopic[0]} seemed to be about something else, so its scores were capped."
                : $" Your answers to questions {AnswerAssessor.Series(offTopic, "and")} seemed to be about something else, so their scores were capped.";
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

    private static string KindName(InterviewKind kind) => kind switch
    {
        InterviewKind.Behavioral => "behavioral",
        InterviewKind.SystemDesign => "system design",
        _ => "technical",
    };

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string[] MostCommon(IEnumerable<string> items, int max) =>
        items.GroupBy(i => i, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Take(max)
            .Select(g => g.Key)
            .ToArray();
}
