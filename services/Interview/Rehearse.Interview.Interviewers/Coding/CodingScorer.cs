using Rehearse.Interview.Interviewers.Assessment;

namespace Rehearse.Interview.Interviewers.Coding;

/// <summary>
/// Scores a coding question's answer by rule: the tests the code passed (hidden ones included once submitted), the
/// time complexity stated aloud against the expected one, and the spoken explanation against the problem's
/// explanation points; each hint costs a few points.
/// </summary>
public static class CodingScorer
{
    /// <summary>Points off technical depth and problem solving for each hint used.</summary>
    public const int HintPenalty = 5;

    /// <summary>Most points hints take off.</summary>
    public const int MaxHintPenalty = 15;

    /// <summary>Share of the test score that code which was never submitted keeps (its last run had only the examples).</summary>
    public const double UnsubmittedTestCredit = 0.5;

    /// <summary>The complexity score when a complexity was stated but not the expected one.</summary>
    public const int WrongComplexityScore = 40;

    /// <summary>The rule, for the report's scoring method.</summary>
    public static string Method { get; } =
        "A coding question is scored from its code and what was said about it: tests (the share of all tests, hidden "
        + $"ones included, that the submitted code passed; code that was only run keeps {UnsubmittedTestCredit:P0} of its "
        + "last run's share), complexity (100 when the time complexity stated aloud is of the expected class, "
        + $"{WrongComplexityScore} when another was stated, 0 when none was) and explanation (the share of the problem's "
        + "explanation points the spoken answers covered). Technical depth is 70% tests and 30% complexity; problem "
        + "solving is 50% tests, 20% complexity and 30% explanation; communication is 60% explanation and 40% how much "
        + $"was said. Each hint takes {HintPenalty} points off technical depth and problem solving, at most {MaxHintPenalty}.";

    /// <summary>Assesses a coding question's turn (the main answer, or a follow-up judged together with it).</summary>
    /// <param name="progress">The session so far.</param>
    /// <param name="turn">The turn assessed.</param>
    /// <param name="outcome">How the coding went (the main turn's outcome).</param>
    /// <param name="problem">The problem's expected complexity and explanation points.</param>
    /// <param name="shortAnswerWords">Words below which an answer counts as short.</param>
    public static AnswerAssessment Assess(InterviewProgress progress, AnsweredTurn turn, CodingOutcome outcome, CodingProblemBrief problem, int shortAnswerWords)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(problem);
        var transcript = AnswerAssessor.ThreadText(progress, turn);
        var explanation = AnswerFeatures.Measure(transcript, problem.ExplanationPoints);
        var stated = ComplexityParser.StatedTime(transcript);
        var expected = ComplexityParser.ParseFirst(problem.ExpectedTimeComplexity);
        var matches = stated is not null && stated.Class == expected;

        var testShare = outcome.TestCount == 0 ? 0 : (double)outcome.TestsPassed / outcome.TestCount;
        var tests = 100 * testShare * (outcome.Submitted ? 1 : UnsubmittedTestCredit);
        var complexity = stated is null ? 0 : matches ? 100 : WrongComplexityScore;
        var explained = 100 * explanation.Coverage;
        var said = Math.Min(1, (double)explanation.WordCount / Math.Max(1, shortAnswerWords)) * 100;
        var penalty = Math.Min(MaxHintPenalty, HintPenalty * outcome.HintsUsed);

        var testsReason = outcome.Submitted
            ? $"The submitted code passed {outcome.TestsPassed} of {outcome.TestCount} tests ({outcome.HiddenTestsPassed} of {outcome.HiddenTestCount} hidden)."
            : outcome.TestCount == 0
                ? "The code was neither run nor submitted."
                : $"The code was not submitted; its last run passed {outcome.TestsPassed} of {outcome.TestCount} tests.";
        var complexityReason = stated is null
            ? $"No time complexity was stated (expected {problem.ExpectedTimeComplexity})."
            : matches
                ? $"Stated {stated.Notation} time, as expected."
                : $"Stated {stated.Notation} time; an optimal solution is {problem.ExpectedTimeComplexity}.";
        var hintReason = outcome.HintsUsed == 0 ? "" : $" {outcome.HintsUsed} hint{(outcome.HintsUsed == 1 ? "" : "s")} used (−{penalty}).";
        var explanationReason = $"The explanation covered {explanation.Covered.Count} of the {explanation.PointCount} points a good one covers.";

        var technical = new ScoredDimension(Clamp((0.7 * tests) + (0.3 * complexity) - penalty), testsReason + " " + complexityReason + hintReason);
        var solving = new ScoredDimension(Clamp((0.5 * tests) + (0.2 * complexity) + (0.3 * explained) - penalty), explanationReason + " " + testsReason + hintReason);
        var communication = new ScoredDimension(Clamp((0.6 * explained) + (0.4 * said)),
            explanationReason + (explanation.WordCount < shortAnswerWords ? $" Only {explanation.WordCount} words were said: talk through your approach as you code." : ""));
        var scores = new AnswerScores(technical, communication, solving,
            AnswerAssessor.Overall(InterviewKind.Technical, technical.Score, communication.Score, solving.Score));

        return new AnswerAssessment(
            turn.Index,
            scores,
            explanation.Covered.Select(k => k.Point).ToArray(),
            explanation.Missed.Select(k => k.Point).ToArray(),
            null,
            Strengths(outcome, matches, explanation),
            Improvements(outcome, stated, matches, problem, explanation),
            $"A strong answer passes every test, states {problem.ExpectedTimeComplexity} time and {problem.ExpectedSpaceComplexity} space, and explains: "
                + string.Join("; ", problem.ExplanationPoints.Select(p => p.Point.TrimEnd('.'))) + ".",
            InterviewerEngineKind.Offline,
            MentionedPoints: explanation.Mentioned.Select(k => k.Point).ToArray())
        {
            Coding = new CodingAssessment(stated?.Notation, problem.ExpectedTimeComplexity, matches, problem.ExpectedSpaceComplexity),
        };
    }

    private static List<string> Strengths(CodingOutcome outcome, bool complexityMatches, AnswerFeatures explanation)
    {
        var strengths = new List<string>();
        if (outcome.Submitted && outcome.TestCount > 0 && outcome.TestsPassed == outcome.TestCount)
        {
            strengths.Add(outcome.HintsUsed == 0 ? "Solved the problem: every test passed, hidden ones included, without hints." : "Solved the problem: every test passed, hidden ones included.");
        }

        if (complexityMatches)
        {
            strengths.Add("Stated the time complexity of the solution correctly.");
        }

        if (explanation.PointCount > 0 && explanation.Coverage >= 0.5)
        {
            strengths.Add("Explained the approach aloud while coding.");
        }

        return strengths;
    }

    private static List<string> Improvements(CodingOutcome outcome, StatedComplexity? stated, bool matches, CodingProblemBrief problem, AnswerFeatures explanation)
    {
        var improvements = new List<string>();
        if (!outcome.Submitted)
        {
            improvements.Add("Submit your code: only a submission runs the hidden tests.");
        }
        else if (outcome.TestsPassed < outcome.TestCount)
        {
            improvements.Add($"Test the edge cases before submitting: {outcome.TestCount - outcome.TestsPassed} of {outcome.TestCount} tests failed ({outcome.FinalRunSummary}).");
        }

        if (stated is null)
        {
            improvements.Add("State the time and space complexity of your solution without being asked.");
        }
        else if (!matches)
        {
            improvements.Add($"Aim for {problem.ExpectedTimeComplexity} time: you stated {stated.Notation}.");
        }

        if (explanation.Missed.Count > 0)
        {
            improvements.Add($"Explain the key idea aloud: {explanation.Missed[0].Point.TrimEnd('.')}.");
        }

        if (outcome.HintsUsed > 0)
        {
            improvements.Add("Practise similar problems until you can solve them without hints.");
        }

        return improvements;
    }

    private static int Clamp(double value) => (int)Math.Round(Math.Clamp(value, 0, 100));
}
