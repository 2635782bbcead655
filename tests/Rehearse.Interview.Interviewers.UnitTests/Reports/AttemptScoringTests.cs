using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Interviewers.UnitTests.Reports;

/// <summary>A question tried again scores its last attempt, whether better or worse, with the earlier ones listed.</summary>
public sealed class AttemptScoringTests
{
    private const string Short = "You delete the key.";

    // Each attempt is assessed as the session engine has it assessed: seeing only that attempt's answers.
    private static async Task<InterviewReport> TriedTwiceAsync(string first, string second)
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Interviewers.Offline();
        var plan = new[] { Interviewers.Catalog.FindQuestion("backend-cache-invalidation")!.ToPlanned() };
        var setup = new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Medium, 1, null, null);
        var empty = new InterviewProgress(setup, plan, []);
        var firstTurn = Interviewers.Answer(empty, first);
        var secondTurn = Interviewers.Answer(empty, second) with { Index = 1, Attempt = 2 };
        var assessments = new List<AnswerAssessment>
        {
            await interviewer.AssessAsync(empty.With(firstTurn), firstTurn, ct),
            await interviewer.AssessAsync(empty.With(secondTurn), secondTurn, ct),
        };
        return await interviewer.WriteReportAsync(empty.With(firstTurn).With(secondTurn), assessments, ct);
    }

    private static string Example => Interviewers.Catalog.FindQuestion("backend-cache-invalidation")!.ExampleAnswer!;

    [Fact]
    public async Task A_better_second_attempt_is_the_questions_score_and_the_first_is_listed_beside_it()
    {
        var report = await TriedTwiceAsync(Short, Example);

        var question = Assert.Single(report.Questions!);
        var attempts = question.Attempts!;
        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.Equal([[0], [1]], attempts.Select(a => a.TurnIndexes.ToArray()));
        Assert.True(attempts[1].Scores.Overall > attempts[0].Scores.Overall, $"{attempts[1].Scores.Overall} vs {attempts[0].Scores.Overall}");
        Assert.Equal(report.Turns[1].Assessment.Scores, attempts[1].Scores);
        Assert.Equal(attempts[1].Scores, question.Scores);
        Assert.Equal(question.Scores.Overall, report.Scores.Overall);
        Assert.Contains($"Tried 2 times (attempt 1: {attempts[0].Scores.Overall} and attempt 2: {attempts[1].Scores.Overall}); the question scores its last attempt.",
            question.Explanation, StringComparison.Ordinal);
        Assert.Contains("A question tried again is scored by its last attempt alone", report.ScoringMethod, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worse_second_attempt_still_counts_the_last_attempt_not_the_best()
    {
        var report = await TriedTwiceAsync(Example, Short);

        var question = Assert.Single(report.Questions!);
        Assert.True(question.Attempts![0].Scores.Overall > question.Attempts[1].Scores.Overall);
        Assert.Equal(question.Attempts[1].Scores.Overall, question.Scores.Overall);
        // The report's advice speaks of the attempt that counts.
        Assert.Equal(report.Turns[1].Assessment.Improvements.Take(report.Improvements.Count), report.Improvements);
    }

    [Fact]
    public async Task A_question_tried_once_lists_no_attempts_and_scores_as_score_attempt_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Interviewers.Offline();
        var plan = new[] { Interviewers.Catalog.FindQuestion("backend-cache-invalidation")!.ToPlanned() };
        var progress = new InterviewProgress(new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Medium, 1, null, null), plan, []);
        var turn = Interviewers.Answer(progress, Example);
        progress = progress.With(turn);
        var assessment = await interviewer.AssessAsync(progress, turn, ct);

        var report = await interviewer.WriteReportAsync(progress, [assessment], ct);

        var question = Assert.Single(report.Questions!);
        Assert.Null(question.Attempts);
        Assert.Equal(question, ReportComposer.ScoreAttempt(InterviewKind.Technical, [new TurnFeedback(turn, assessment)]));
    }
}
