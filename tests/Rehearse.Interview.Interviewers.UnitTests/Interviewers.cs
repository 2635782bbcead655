using Rehearse.Interview.Interviewers.Assessment;
using Rehearse.Interview.Interviewers.Coding;
using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Interview.Interviewers.Offline;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Interviewers.UnitTests;

/// <summary>The built-in banks and offline interviewers over them, shared by the tests.</summary>
internal static class Interviewers
{
    public static readonly QuestionBankCatalog Catalog = QuestionBankLoader.Load(userDirectory: null);

    public static ReportComposer Reports { get; } = new(new JobKeywords(Catalog), TimeProvider.System);

    /// <summary>A coding problem as a plan carries it.</summary>
    public static readonly CodingProblemBrief TwoSum = new(
        "two-sum", "Two Sum", "Python", "O(n)", "O(n)",
        ["A brute force checks every pair; what would find the partner of a number at once?", "Remember each value's index in a hash map."],
        [
            new KeyPoint("A hash map from value to index finds the complement in constant time", ["hash map", "dictionary", "complement"]),
            new KeyPoint("One pass: look up the complement before storing the current value", ["one pass", "single pass", "before storing"]),
        ],
        "{}");

    public static OfflineInterviewer Offline(int seed = 7, int maxFollowUps = 1) =>
        new(Catalog, new OfflineInterviewerOptions { Seed = seed, MaxFollowUpsPerQuestion = maxFollowUps }, Reports);

    public static AnsweredTurn Answer(InterviewProgress progress, string answer, MoveKind kind = MoveKind.Question, int? questionIndex = null, string? question = null, bool skipped = false)
    {
        var index = questionIndex ?? (progress.Turns.Count == 0 ? 0 : progress.Turns[^1].QuestionIndex + (kind == MoveKind.Question ? 1 : 0));
        return new AnsweredTurn(progress.Turns.Count, kind, index, question ?? progress.Plan[index].Text, answer, Typed: true, skipped, [], TimeSpan.FromSeconds(60));
    }

    /// <summary>An interview of one coding question, <see cref="TwoSum"/>, answered with this transcript and outcome.</summary>
    public static (InterviewProgress Progress, AnsweredTurn Turn) CodingSession(string transcript, CodingOutcome outcome)
    {
        var question = new PlannedQuestion("coding/two-sum", CodingQuestions.Introduction("Two Sum", "Python"), [.. TwoSum.ExplanationPoints.Select(k => k.Point)], null) { Coding = TwoSum };
        var progress = new InterviewProgress(new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Easy, 1, null, null) { CodingQuestionCount = 1 }, [question], []);
        var turn = Answer(progress, transcript) with { Coding = outcome };
        return (progress.With(turn), turn);
    }

    public static InterviewProgress With(this InterviewProgress progress, AnsweredTurn turn) =>
        progress with { Turns = [.. progress.Turns, turn] };
}
