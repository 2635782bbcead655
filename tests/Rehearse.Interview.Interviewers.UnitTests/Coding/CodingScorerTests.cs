using Rehearse.Interview.Interviewers.Coding;

namespace Rehearse.Interview.Interviewers.UnitTests.Coding;

public sealed class CodingScorerTests
{
    private const string GoodExplanation =
        "I'll keep a dictionary from each value to its index. For every number I look up the complement, target minus the number, "
        + "in a single pass, before storing the current value, and the whole thing is O of n.";

    private static CodingOutcome Outcome(int passed, bool submitted = true, int hints = 0) =>
        new("two-sum", "Two Sum", "Python", "def two_sum(nums, target): ...", submitted, passed, 10, Math.Max(0, passed - 3), 7, 2, TimeSpan.FromMinutes(4), hints,
            passed == 10 ? "Accepted: 10 of 10 tests passed." : $"Wrong answer: {passed} of 10 tests passed; hidden test 9 failed.");

    private static AnswerAssessment Assess(string transcript, CodingOutcome outcome)
    {
        var (progress, turn) = Interviewers.CodingSession(transcript, outcome);
        return CodingScorer.Assess(progress, turn, outcome, Interviewers.TwoSum, shortAnswerWords: 25);
    }

    [Fact]
    public void A_solved_explained_problem_outscores_failing_code_on_every_dimension()
    {
        var solved = Assess(GoodExplanation, Outcome(passed: 10));
        var failing = Assess("I'll just try every pair with two loops.", Outcome(passed: 6));

        Assert.True(solved.Scores.Overall >= 85, solved.Scores.Overall.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(failing.Scores.Overall <= 50, failing.Scores.Overall.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(solved.Scores.TechnicalDepth.Score > failing.Scores.TechnicalDepth.Score);
        Assert.True(solved.Scores.ProblemSolving.Score > failing.Scores.ProblemSolving.Score);
        Assert.True(solved.Scores.Communication.Score > failing.Scores.Communication.Score);
        Assert.Equal(new CodingAssessment("O(n)", "O(n)", true, "O(n)"), solved.Coding);
        Assert.Equal(new CodingAssessment(null, "O(n)", false, "O(n)"), failing.Coding);
        Assert.Equal(2, solved.CoveredPoints.Count);
        Assert.Contains("passed 10 of 10 tests (7 of 7 hidden)", solved.Scores.TechnicalDepth.Reason, StringComparison.Ordinal);
        Assert.Contains(failing.Improvements, i => i.Contains("4 of 10 tests failed", StringComparison.Ordinal));
        Assert.Contains(failing.Improvements, i => i.Contains("State the time and space complexity", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_complexity_scores_between_the_right_one_and_none()
    {
        var right = Assess(GoodExplanation, Outcome(passed: 10));
        var wrong = Assess(GoodExplanation.Replace("O of n", "O of n squared", StringComparison.Ordinal), Outcome(passed: 10));
        var none = Assess(GoodExplanation.Replace(", and the whole thing is O of n", "", StringComparison.Ordinal), Outcome(passed: 10));

        Assert.Equal("O(n^2)", wrong.Coding!.StatedTimeComplexity);
        Assert.False(wrong.Coding.ComplexityMatches);
        Assert.True(right.Scores.TechnicalDepth.Score > wrong.Scores.TechnicalDepth.Score);
        Assert.True(wrong.Scores.TechnicalDepth.Score > none.Scores.TechnicalDepth.Score);
        Assert.Contains(wrong.Improvements, i => i.Contains("Aim for O(n) time", StringComparison.Ordinal));
    }

    [Fact]
    public void Hints_cost_a_few_points_each_up_to_a_cap()
    {
        var scores = new[] { 0, 1, 2, 3, 5 }.Select(hints => Assess(GoodExplanation, Outcome(passed: 10, hints: hints)).Scores.TechnicalDepth.Score).ToArray();

        Assert.Equal(
            [0, CodingScorer.HintPenalty, 2 * CodingScorer.HintPenalty, CodingScorer.MaxHintPenalty, CodingScorer.MaxHintPenalty],
            scores.Select(s => scores[0] - s));
    }

    [Fact]
    public void Code_that_was_run_but_not_submitted_keeps_half_its_test_credit()
    {
        var submitted = Assess(GoodExplanation, Outcome(passed: 10));
        var unsubmitted = Assess(GoodExplanation, Outcome(passed: 10, submitted: false));

        Assert.True(submitted.Scores.TechnicalDepth.Score - unsubmitted.Scores.TechnicalDepth.Score >= 30);
        Assert.Contains(unsubmitted.Improvements, i => i.StartsWith("Submit your code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_offline_interviewer_scores_coding_turns_by_this_rule_and_asks_one_complexity_follow_up()
    {
        var (progress, turn) = Interviewers.CodingSession("I'll keep a dictionary and look up the complement.", Outcome(passed: 10));
        var interviewer = Interviewers.Offline();

        var assessment = await interviewer.AssessAsync(progress, turn, TestContext.Current.CancellationToken);
        var followUp = await interviewer.NextMoveAsync(progress, TestContext.Current.CancellationToken);
        var afterFollowUp = progress.With(Interviewers.Answer(progress, "It uses O(n) space, and handles duplicates.", MoveKind.FollowUp, 0, "complexity?"));
        var next = await interviewer.NextMoveAsync(afterFollowUp, TestContext.Current.CancellationToken);

        Assert.NotNull(assessment.Coding);
        Assert.Equal(MoveKind.FollowUp, followUp.Kind);
        Assert.Contains("time and space complexity", await followUp.ReadAllTextAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.NotEqual(MoveKind.FollowUp, next.Kind);
        Assert.Contains(CodingScorer.Method, Interviewers.Reports.Compose(progress, [assessment], InterviewerEngineKind.Offline, []).ScoringMethod, StringComparison.Ordinal);
    }
}
