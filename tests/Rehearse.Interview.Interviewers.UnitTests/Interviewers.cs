using Rehearse.Interview.Interviewers.Assessment;
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

    public static OfflineInterviewer Offline(int seed = 7, int maxFollowUps = 1) =>
        new(Catalog, new OfflineInterviewerOptions { Seed = seed, MaxFollowUpsPerQuestion = maxFollowUps }, Reports);

    public static AnsweredTurn Answer(InterviewProgress progress, string answer, MoveKind kind = MoveKind.Question, int? questionIndex = null, string? question = null, bool skipped = false)
    {
        var index = questionIndex ?? (progress.Turns.Count == 0 ? 0 : progress.Turns[^1].QuestionIndex + (kind == MoveKind.Question ? 1 : 0));
        return new AnsweredTurn(progress.Turns.Count, kind, index, question ?? progress.Plan[index].Text, answer, Typed: true, skipped, [], TimeSpan.FromSeconds(60));
    }

    public static InterviewProgress With(this InterviewProgress progress, AnsweredTurn turn) =>
        progress with { Turns = [.. progress.Turns, turn] };
}
