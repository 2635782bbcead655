namespace Rehearse.Interview.Interviewers.Assessment;

/// <summary>
/// Scores an answer from its transcript: coverage of the question's key points, STAR structure for behavioral
/// answers, reasoning and trade-offs, examples and results, and clarity (length, sentence length, fillers, hedging).
/// Every score comes with the evidence behind it.
/// </summary>
public sealed class AnswerAssessor(int shortAnswerWords)
{
    /// <summary>Answers with fewer words than this count as short.</summary>
    public int ShortAnswerWords { get; } = shortAnswerWords;

    /// <summary>The text assessed for a turn: a main answer alone, or a follow-up's answer with the answers before it on the same question.</summary>
    public static string ThreadText(InterviewProgress progress, AnsweredTurn turn)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(turn);
        var earlier = progress.Turns
            .Where(t => t.QuestionIndex == turn.QuestionIndex && t.Index < turn.Index && !t.Skipped)
            .Select(t => t.Answer);
        return string.Join(" ", earlier.Append(turn.Answer));
    }

    /// <summary>Assesses one turn.</summary>
    public AnswerAssessment Assess(InterviewProgress progress, AnsweredTurn turn, AssessableQuestion question)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(question);
        var behavioral = question.Kind == InterviewKind.Behavioral;
        if (turn.Skipped || string.IsNullOrWhiteSpace(turn.Answer))
        {
            return Skipped(turn, question, behavioral);
        }

        // Key points may be covered across the main answer and its follow-ups; delivery is judged on this answer.
        var thread = AnswerFeatures.Measure(ThreadText(progress, turn), question.KeyPoints);
        var own = AnswerFeatures.Measure(turn.Answer, question.KeyPoints);
        var scores = Score(question, thread, own, turn.Analytics);
        return new AnswerAssessment(
            turn.Index,
            scores,
            thread.Covered.Select(k => k.Point).ToArray(),
            thread.Missed.Select(k => k.Point).ToArray(),
            behavioral ? thread.Star : null,
            Strengths(question, thread, own),
            Improvements(question, thread, own, turn.Analytics),
            ExampleAnswer(question),
            InterviewerEngineKind.Offline);
    }

    /// <summary>The bank's example answer, or an outline of the key points when there is none.</summary>
    public static string ExampleAnswer(AssessableQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (!string.IsNullOrWhiteSpace(question.ExampleAnswer))
        {
            return question.ExampleAnswer;
        }

        if (question.KeyPoints.Count == 0)
        {
            return "";
        }

        var points = string.Join("; ", question.KeyPoints.Select(k => k.Point.TrimEnd('.')));
        return question.Kind == InterviewKind.Behavioral
            ? $"A strong answer tells one real story in STAR order (situation, task, your actions, the measurable result) and shows: {points}."
            : $"A strong answer covers: {points}; with a concrete example from your own work and the trade-offs involved.";
    }

    private AnswerScores Score(AssessableQuestion question, AnswerFeatures thread, AnswerFeatures own, SpeechAnalytics? analytics)
    {
        var lengthFactor = Math.Clamp((double)own.WordCount / ShortAnswerWords, 0.3, 1.0);
        var coveredCount = thread.Covered.Count;
        var totalPoints = thread.Covered.Count + thread.Missed.Count;
        var coverageText = totalPoints == 0 ? "" : $"Covered {coveredCount} of {totalPoints} key points";

        // Technical depth: what the answer knows (key points), plus trade-offs and specifics.
        var depth = 15 + (65 * thread.Coverage) + (thread.HasTradeOff ? 10 : 0) + (thread.HasMetric || thread.HasExample ? 10 : 0);
        var depthReasons = new List<string>();
        if (coverageText.Length > 0)
        {
            depthReasons.Add(coverageText + (thread.Covered.Count > 0 ? $" ({Join(thread.Covered.Select(k => k.Point), 3)})" : ""));
        }

        depthReasons.Add(thread.HasTradeOff ? "discussed trade-offs" : "no trade-offs discussed");
        if (lengthFactor < 1)
        {
            depthReasons.Add($"the answer is short ({own.WordCount} words)");
        }

        // Communication: clear, structured, fluent delivery.
        var fillerRate = analytics?.FillersPer100Words ?? (own.WordCount == 0 ? 0 : own.FillerCount * 100.0 / own.WordCount);
        var communication = 80.0;
        var communicationReasons = new List<string>();
        if (own.HasStructure || (question.Kind == InterviewKind.Behavioral && StarCount(thread.Star) >= 3))
        {
            communication += 10;
            communicationReasons.Add("clear structure");
        }

        if (fillerRate > 3)
        {
            communication -= Math.Min(25, 3 * (fillerRate - 3));
            communicationReasons.Add($"{fillerRate:0.#} fillers per 100 words");
        }

        if (own.HedgeCount > 1)
        {
            communication -= Math.Min(15, 4 * (own.HedgeCount - 1));
            communicationReasons.Add($"hedging ({own.HedgeCount} times, e.g. \"I think\", \"maybe\")");
        }

        if (own.WordsPerSentence > 35)
        {
            communication -= 10;
            communicationReasons.Add($"long sentences ({own.WordsPerSentence:0} words on average)");
        }

        if (own.WordCount < ShortAnswerWords / 2)
        {
            communication -= 25;
            communicationReasons.Add("too brief to follow the reasoning");
        }
        else if (own.WordCount > 400)
        {
            communication -= 10;
            communicationReasons.Add($"long ({own.WordCount} words); tighten it");
        }

        if (analytics is { WordsPerMinute: > 0 } && (analytics.WordsPerMinute > 190 || analytics.WordsPerMinute < 90))
        {
            communication -= 5;
            communicationReasons.Add($"pace of {analytics.WordsPerMinute:0} words per minute");
        }

        if (communicationReasons.Count == 0)
        {
            communicationReasons.Add("clear and fluent");
        }

        // Problem solving: the approach - reasoning, trade-offs and examples, or the STAR story for behavioral questions.
        double solving;
        var solvingReasons = new List<string>();
        if (question.Kind == InterviewKind.Behavioral)
        {
            var star = thread.Star;
            solving = 20 + (15 * StarCount(star)) + (thread.HasMetric ? 10 : 0) + (thread.HasReasoning ? 10 : 0);
            solvingReasons.Add($"STAR: {StarSummary(star)}");
            solvingReasons.Add(thread.HasMetric ? "the result is measured" : "no measurable result");
        }
        else
        {
            solving = 20 + (30 * thread.Coverage) + (thread.HasReasoning ? 15 : 0) + (thread.HasTradeOff ? 15 : 0)
                + (thread.HasExample ? 10 : 0) + (thread.HasStructure ? 10 : 0);
            solvingReasons.Add(thread.HasReasoning ? "explains why" : "states conclusions without the reasons");
            solvingReasons.Add(thread.HasExample ? "backs it with an example" : "no concrete example");
        }

        depth *= lengthFactor;
        solving *= lengthFactor;
        var technical = new ScoredDimension(Clamp(depth), Sentence(depthReasons));
        var communicationScore = new ScoredDimension(Clamp(communication), Sentence(communicationReasons));
        var problemSolving = new ScoredDimension(Clamp(solving), Sentence(solvingReasons));
        return new AnswerScores(technical, communicationScore, problemSolving,
            Overall(question.Kind, technical.Score, communicationScore.Score, problemSolving.Score));
    }

    /// <summary>The weighted overall score for an interview kind.</summary>
    public static int Overall(InterviewKind kind, int technical, int communication, int problemSolving)
    {
        var (t, c, p) = kind switch
        {
            InterviewKind.Behavioral => (0.3, 0.35, 0.35),
            InterviewKind.SystemDesign => (0.4, 0.2, 0.4),
            _ => (0.45, 0.25, 0.3),
        };
        return Clamp((t * technical) + (c * communication) + (p * problemSolving));
    }

    private List<string> Strengths(AssessableQuestion question, AnswerFeatures thread, AnswerFeatures own)
    {
        var strengths = new List<string>();
        if (thread.Covered.Count > 0 && thread.Coverage >= 0.5)
        {
            strengths.Add($"Covered the important points: {Join(thread.Covered.Select(k => k.Point), 4)}.");
        }

        if (question.Kind == InterviewKind.Behavioral && StarCount(thread.Star) >= 3)
        {
            strengths.Add($"Told the story in a clear STAR shape ({StarSummary(thread.Star)}).");
        }

        if (thread.HasMetric)
        {
            strengths.Add("Quantified the outcome with numbers.");
        }

        if (thread.HasTradeOff && question.Kind != InterviewKind.Behavioral)
        {
            strengths.Add("Weighed trade-offs instead of presenting one option as free.");
        }

        if (thread.HasExample && question.Kind != InterviewKind.Behavioral)
        {
            strengths.Add("Grounded the answer in a concrete example.");
        }

        if (own.HasStructure && own.WordCount >= ShortAnswerWords)
        {
            strengths.Add("Structured the answer so it was easy to follow.");
        }

        return strengths;
    }

    private List<string> Improvements(AssessableQuestion question, AnswerFeatures thread, AnswerFeatures own, SpeechAnalytics? analytics)
    {
        var improvements = new List<string>();
        if (own.WordCount < ShortAnswerWords)
        {
            improvements.Add($"Go deeper: {own.WordCount} words is too short to show what you know; aim for one to two minutes.");
        }

        if (thread.Missed.Count > 0)
        {
            improvements.Add($"Cover {Join(thread.Missed.Select(k => k.Point.TrimEnd('.')), 3)}.");
        }

        if (question.Kind == InterviewKind.Behavioral)
        {
            var star = thread.Star;
            if (!star.Situation)
            {
                improvements.Add("Open with the situation: where you were, the team, what was at stake.");
            }

            if (!star.Action || !thread.SpeaksInFirstPerson)
            {
                improvements.Add("Say what you did yourself (\"I proposed…\", \"I wrote…\"), not only what the team did.");
            }

            if (!star.Result || !thread.HasMetric)
            {
                improvements.Add("End with the result, measured if you can (time saved, errors reduced, users affected) and what you learned.");
            }
        }
        else
        {
            if (!thread.HasTradeOff)
            {
                improvements.Add("Name the trade-offs: what your choice costs and when you would choose differently.");
            }

            if (!thread.HasExample)
            {
                improvements.Add("Add a concrete example from your own work.");
            }

            if (!thread.HasReasoning)
            {
                improvements.Add("Explain why, not only what: give the reason behind each choice.");
            }
        }

        var fillerRate = analytics?.FillersPer100Words ?? (own.WordCount == 0 ? 0 : own.FillerCount * 100.0 / own.WordCount);
        if (fillerRate > 3)
        {
            improvements.Add($"Cut filler words ({fillerRate:0.#} per 100 words): pause silently instead.");
        }

        if (own.HedgeCount > 2)
        {
            improvements.Add("Hedge less: state what you know plainly and flag real uncertainty once.");
        }

        return improvements;
    }

    private static AnswerAssessment Skipped(AnsweredTurn turn, AssessableQuestion question, bool behavioral)
    {
        var reason = turn.Skipped ? "The question was skipped." : "No answer was given.";
        var zero = new ScoredDimension(0, reason);
        return new AnswerAssessment(
            turn.Index,
            new AnswerScores(zero, zero, zero, 0),
            [],
            question.KeyPoints.Select(k => k.Point).ToArray(),
            behavioral ? new StarCoverage(false, false, false, false) : null,
            [],
            ["Even a partial answer scores better than a skip: say how you would approach it and what you would check first."],
            ExampleAnswer(question),
            InterviewerEngineKind.Offline);
    }

    private static int StarCount(StarCoverage star) =>
        (star.Situation ? 1 : 0) + (star.Task ? 1 : 0) + (star.Action ? 1 : 0) + (star.Result ? 1 : 0);

    private static string StarSummary(StarCoverage star)
    {
        var parts = new List<string>();
        parts.Add(star.Situation ? "situation" : "no situation");
        parts.Add(star.Task ? "task" : "no task");
        parts.Add(star.Action ? "actions" : "no actions");
        parts.Add(star.Result ? "result" : "no result");
        return string.Join(", ", parts);
    }

    private static string Join(IEnumerable<string> items, int max)
    {
        var list = items.Select(i => i.TrimEnd('.')).ToList();
        var shown = list.Take(max).ToList();
        var text = shown.Count <= 1 ? string.Join("", shown) : string.Join(", ", shown[..^1]) + " and " + shown[^1];
        return list.Count > max ? $"{text} (and {list.Count - max} more)" : text;
    }

    private static string Sentence(List<string> reasons)
    {
        var text = string.Join("; ", reasons);
        return text.Length == 0 ? "" : char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }

    private static int Clamp(double value) => (int)Math.Round(Math.Clamp(value, 0, 100));
}
