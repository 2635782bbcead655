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

    /// <summary>Highest technical depth and problem solving of an answer judged possibly off-topic.</summary>
    public const int OffTopicCap = 20;

    /// <summary>Highest communication score of an answer judged possibly off-topic: clear delivery of something else.</summary>
    public const int OffTopicCommunicationCap = 40;

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

        // Key points may be covered across the main answer and its follow-ups; delivery and relevance are judged on
        // this answer (a follow-up's answer against the main question and the follow-up together).
        var thread = AnswerFeatures.Measure(ThreadText(progress, turn), question.KeyPoints);
        var own = AnswerFeatures.Measure(turn.Answer, question.KeyPoints);
        var relevance = AnswerRelevance.Judge(turn.Answer,
            turn.Kind == MoveKind.FollowUp ? question with { Text = question.Text + " " + turn.Question } : question);
        var scores = Score(question, thread, own, turn.Analytics, relevance);
        return new AnswerAssessment(
            turn.Index,
            scores,
            thread.Covered.Select(k => k.Point).ToArray(),
            thread.Missed.Select(k => k.Point).ToArray(),
            behavioral ? thread.Star : null,
            relevance.PossiblyOffTopic ? [] : Strengths(question, thread, own),
            Improvements(question, thread, own, turn.Analytics, relevance),
            ExampleAnswer(question),
            InterviewerEngineKind.Offline,
            MentionedPoints: thread.Mentioned.Select(k => k.Point).ToArray(),
            Relevance: relevance);
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

    private AnswerScores Score(AssessableQuestion question, AnswerFeatures thread, AnswerFeatures own, SpeechAnalytics? analytics, Relevance relevance)
    {
        var lengthFactor = Math.Clamp((double)own.WordCount / ShortAnswerWords, 0.3, 1.0);

        // Technical depth: what the answer knows (key points), plus trade-offs and specifics.
        var depth = 15 + (65 * thread.Coverage) + (thread.HasTradeOff ? 10 : 0) + (thread.HasMetric || thread.HasExample ? 10 : 0);
        var depthReasons = new List<string>();
        if (thread.PointCount > 0)
        {
            depthReasons.Add(thread.Covered.Count == 0
                ? $"Covered none of the {thread.PointCount} key points."
                : $"Covered {thread.Covered.Count} of the {thread.PointCount} key points ({Quoted(thread.Covered.Select(k => k.Point), 3)}).");
            if (thread.Mentioned.Count > 0)
            {
                depthReasons.Add($"Only mentioned {Quoted(thread.Mentioned.Select(k => k.Point), 2)}, without explaining {(thread.Mentioned.Count == 1 ? "it" : "them")}.");
            }
        }

        depthReasons.Add(thread.HasTradeOff ? "Weighed trade-offs." : "No trade-offs discussed.");
        if (lengthFactor < 1)
        {
            depthReasons.Add($"The answer is short ({Words(own.WordCount)}), so this is scaled down.");
        }

        // Communication: clear, structured, fluent delivery.
        var fillerRate = FillerRate(own, analytics);
        var communication = 80.0;
        var communicationReasons = new List<string>();
        if (own.HasStructure || (question.Kind == InterviewKind.Behavioral && StarCount(thread.Star) >= 3))
        {
            communication += 10;
            communicationReasons.Add("A clear structure.");
        }

        if (fillerRate > 3)
        {
            communication -= Math.Min(25, 3 * (fillerRate - 3));
            communicationReasons.Add($"{fillerRate:0.#} fillers per 100 words.");
        }

        if (own.HedgeCount > 1)
        {
            communication -= Math.Min(15, 4 * (own.HedgeCount - 1));
            communicationReasons.Add($"Hedged {own.HedgeCount} times (\"I think\", \"maybe\").");
        }

        if (own.WordsPerSentence > 35)
        {
            communication -= 10;
            communicationReasons.Add($"Long sentences ({own.WordsPerSentence:0} words on average).");
        }

        if (own.WordCount < ShortAnswerWords / 2)
        {
            // A sentence or two ("sorry, I don't know this one") shows no delivery to speak of, however fluent.
            communication = (communication - 25) * lengthFactor;
            communicationReasons.Add("Too brief to follow the reasoning, so this is scaled down.");
        }
        else if (own.WordCount < ShortAnswerWords)
        {
            communication -= 15;
            communicationReasons.Add("Short, so the reasoning is hard to follow.");
        }
        else if (own.WordCount > 400)
        {
            communication -= 10;
            communicationReasons.Add($"Long ({Words(own.WordCount)}); tighten it.");
        }

        if (analytics is { WordsPerMinute: > 0 } && (analytics.WordsPerMinute > 190 || analytics.WordsPerMinute < 90))
        {
            communication -= 5;
            communicationReasons.Add($"A pace of {analytics.WordsPerMinute:0} words per minute.");
        }

        if (communicationReasons.Count == 0)
        {
            communicationReasons.Add("Clear and fluent.");
        }

        // Problem solving: the approach - reasoning, trade-offs and examples, or the STAR story for behavioral questions.
        double solving;
        var solvingReasons = new List<string>();
        if (question.Kind == InterviewKind.Behavioral)
        {
            var star = thread.Star;
            solving = 20 + (15 * StarCount(star)) + (thread.HasMetric ? 10 : 0) + (thread.HasReasoning ? 10 : 0);
            solvingReasons.Add(StarSentence(star));
            solvingReasons.Add(thread.HasMetric ? "The result is measured." : "No measurable result.");
        }
        else
        {
            solving = 20 + (30 * thread.Coverage) + (thread.HasReasoning ? 15 : 0) + (thread.HasTradeOff ? 15 : 0)
                + (thread.HasExample ? 10 : 0) + (thread.HasStructure ? 10 : 0);
            solvingReasons.Add(thread.HasReasoning ? "Explains why." : "States conclusions without the reasons.");
            solvingReasons.Add(thread.HasExample ? "Backs it with an example." : "No concrete example.");
        }

        depth *= lengthFactor;
        solving *= lengthFactor;
        if (relevance.PossiblyOffTopic)
        {
            // A fluent answer to another question shows nothing about this one: keep its scores low and say why.
            const string capped = "Capped because the answer seems to be about something else.";
            depth = Math.Min(depth, OffTopicCap);
            solving = Math.Min(solving, OffTopicCap);
            communication = Math.Min(communication, OffTopicCommunicationCap);
            depthReasons.Insert(0, capped);
            solvingReasons.Insert(0, capped);
            communicationReasons.Insert(0, "Capped because the answer does not address the question, however clearly it was said.");
        }

        var technical = new ScoredDimension(Clamp(depth), string.Join(' ', depthReasons));
        var communicationScore = new ScoredDimension(Clamp(communication), string.Join(' ', communicationReasons));
        var problemSolving = new ScoredDimension(Clamp(solving), string.Join(' ', solvingReasons));
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
            strengths.Add($"Covered {thread.Covered.Count} of the {thread.PointCount} key points, including {Quoted(thread.Covered.Select(k => k.Point), 2, countRest: false)}.");
        }

        if (question.Kind == InterviewKind.Behavioral && StarCount(thread.Star) >= 3)
        {
            strengths.Add("Told the story in a clear order: situation, task, what you did and how it turned out.");
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

    private List<string> Improvements(AssessableQuestion question, AnswerFeatures thread, AnswerFeatures own, SpeechAnalytics? analytics, Relevance relevance)
    {
        var improvements = new List<string>();
        if (relevance.PossiblyOffTopic)
        {
            improvements.Add($"Answer the question that was asked (\"{question.Text.TrimEnd()}\"): this answer seems to be about something else, so it scored low.");
        }

        if (own.WordCount < ShortAnswerWords)
        {
            improvements.Add($"Go deeper: {Words(own.WordCount)} is too short to show what you know; aim for one to two minutes.");
        }

        if (thread.Missed.Count == 1)
        {
            improvements.Add($"Work in the point you left out: {Quoted(thread.Missed.Select(k => k.Point), 1)}.");
        }
        else if (thread.Missed.Count > 1)
        {
            improvements.Add($"Work in the {thread.Missed.Count} points you left out, starting with {Quoted(thread.Missed.Select(k => k.Point), 2, countRest: false)}.");
        }

        if (thread.Mentioned.Count > 0)
        {
            improvements.Add($"You named {Quoted(thread.Mentioned.Select(k => k.Point), 2, countRest: false)} without explaining {(thread.Mentioned.Count == 1 ? "it" : "them")}: say what it means here and why it matters.");
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

        var fillerRate = FillerRate(own, analytics);
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

    private static double FillerRate(AnswerFeatures own, SpeechAnalytics? analytics) =>
        analytics?.FillersPer100Words ?? (own.WordCount == 0 ? 0 : own.FillerCount * 100.0 / own.WordCount);

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

    // "The story has a situation, a task and actions but no result." - the STAR parts as a sentence.
    private static string StarSentence(StarCoverage star)
    {
        (bool Present, string Part, string Name)[] parts =
        [
            (star.Situation, "a situation", "situation"),
            (star.Task, "a task", "task"),
            (star.Action, "your actions", "actions"),
            (star.Result, "a result", "result"),
        ];
        var present = parts.Where(p => p.Present).Select(p => p.Part).ToList();
        var absent = parts.Where(p => !p.Present).Select(p => p.Name).ToList();
        return present.Count == 0 ? "The story has none of the STAR parts (situation, task, actions, result)."
            : absent.Count == 0 ? "The story has all four STAR parts: situation, task, actions and result."
            : $"The story has {Series(present, "and")} but no {Series(absent, "or")}.";
    }

    // Key points quoted and listed in a sentence: “A”, “B” and 2 more.
    private static string Quoted(IEnumerable<string> points, int max, bool countRest = true)
    {
        var list = points.Select(p => $"“{p.TrimEnd('.')}”").ToList();
        if (list.Count <= max || !countRest)
        {
            return Series(list.Take(max).ToList(), "and");
        }

        return Series([.. list.Take(max), $"{list.Count - max} more"], "and");
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    internal static string Series(IReadOnlyList<string> items, string conjunction) =>
        items.Count <= 1 ? string.Join("", items) : $"{string.Join(", ", items.Take(items.Count - 1))} {conjunction} {items[^1]}";

    private static string Words(int count) => count == 1 ? "1 word" : $"{count} words";

    private static int Clamp(double value) => (int)Math.Round(Math.Clamp(value, 0, 100));
}
