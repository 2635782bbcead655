using Rehearse.Interview.Interviewers.Assessment;
using Rehearse.Interview.Interviewers.Coding;
using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Interviewers.Offline;

/// <summary>
/// The built-in interviewer: questions from the banks, follow-ups chosen from what an answer lacks, rule-based
/// scoring. No network, no key; deterministic for a configured seed.
/// </summary>
public sealed class OfflineInterviewer : IInterviewer
{
    private readonly QuestionBankCatalog _catalog;
    private readonly QuestionPlanner _planner;
    private readonly AnswerAssessor _assessor;
    private readonly FollowUpSelector _followUps;
    private readonly ReportComposer _reports;
    private readonly int _seed;

    // The answer last acknowledged (turn count and words), so the next call returns the question. An answer the
    // session took as finished and then heard go on is acknowledged again once it is complete.
    private (int TurnCount, string Answer)? _acknowledged;

    /// <summary>Creates an interviewer for one session.</summary>
    public OfflineInterviewer(QuestionBankCatalog catalog, OfflineInterviewerOptions options, ReportComposer reports)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reports);
        _catalog = catalog;
        _reports = reports;
        _planner = new QuestionPlanner(catalog);
        _assessor = new AnswerAssessor(options.ShortAnswerWords);
        _followUps = new FollowUpSelector(_assessor, options);
        _seed = options.Seed ?? Random.Shared.Next();
    }

    /// <inheritdoc/>
    public InterviewerEngineKind Engine => InterviewerEngineKind.Offline;

    /// <inheritdoc/>
    public Task<IReadOnlyList<PlannedQuestion>> PlanAsync(InterviewSetup setup, CancellationToken cancellationToken)
    {
        IReadOnlyList<PlannedQuestion> plan = _planner.Plan(setup, _seed).Select(q => q.ToPlanned()).ToArray();
        return Task.FromResult(plan);
    }

    /// <inheritdoc/>
    public InterviewerMove Greet(InterviewProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var roleName = _catalog.FindRole(progress.Setup.Role)?.DisplayName ?? progress.Setup.Role;
        return InterviewerMove.Complete(MoveKind.Greeting, 0,
            InterviewerPhrases.Greeting(progress.Setup, roleName, progress.Plan.Count));
    }

    /// <inheritdoc/>
    public Task<InterviewerMove> NextMoveAsync(InterviewProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return Task.FromResult(NextMove(progress));
    }

    /// <inheritdoc/>
    public Task<AnswerAssessment> AssessAsync(InterviewProgress progress, AnsweredTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(turn);
        return Task.FromResult(!turn.Skipped && CodingQuestions.For(progress, turn) is ({ } problem, { } outcome)
            ? CodingScorer.Assess(progress, turn, outcome, problem, _assessor.ShortAnswerWords)
            : _assessor.Assess(progress, turn, QuestionFor(progress, turn.QuestionIndex)));
    }

    /// <inheritdoc/>
    public Task<InterviewReport> WriteReportAsync(
        InterviewProgress progress,
        IReadOnlyList<AnswerAssessment> assessments,
        CancellationToken cancellationToken) =>
        Task.FromResult(_reports.Compose(progress, assessments, Engine, []));

    /// <summary>The bank's view of a planned question (keywords, follow-ups), or one derived from its text.</summary>
    internal AssessableQuestion QuestionFor(InterviewProgress progress, int questionIndex)
    {
        var planned = questionIndex >= 0 && questionIndex < progress.Plan.Count ? progress.Plan[questionIndex] : null;
        var bank = planned is null ? null : _catalog.FindQuestion(planned.Id);
        return bank is not null
            ? AssessableQuestion.From(bank)
            : AssessableQuestion.From(planned, progress.Setup.Kind, progress.Setup.Difficulty);
    }

    private InterviewerMove NextMove(InterviewProgress progress)
    {
        var turns = progress.Turns;
        if (turns.Count == 0)
        {
            return AskQuestion(progress, 0);
        }

        var last = turns[^1];
        // A coding question has one follow-up, on complexity and edge cases, after its main answer.
        var followUp = CodingQuestions.For(progress, last) is null
            ? _followUps.Choose(progress, QuestionFor(progress, last.QuestionIndex), _seed)
            : CodingQuestions.FollowUp(progress);
        if (followUp is not null)
        {
            return InterviewerMove.Complete(MoveKind.FollowUp, last.QuestionIndex, followUp);
        }

        var next = last.QuestionIndex + 1;
        var hasNext = next < progress.Plan.Count;
        if (_acknowledged != (turns.Count, last.Answer))
        {
            _acknowledged = (turns.Count, last.Answer);
            var acknowledgement = InterviewerPhrases.Acknowledgement(_seed, turns.Count, last.Skipped);
            if (hasNext)
            {
                acknowledgement += " " + InterviewerPhrases.QuestionLead(_seed, next, progress.Plan.Count);
            }

            return InterviewerMove.Complete(MoveKind.Acknowledgement, last.QuestionIndex, acknowledgement);
        }

        return hasNext
            ? AskQuestion(progress, next)
            : InterviewerMove.Complete(MoveKind.Closing, progress.Plan.Count,
                InterviewerPhrases.Closing(turns.Count(t => !t.Skipped)));
    }

    private static InterviewerMove AskQuestion(InterviewProgress progress, int index) =>
        progress.Plan.Count == 0
            ? InterviewerMove.Complete(MoveKind.Closing, 0, InterviewerPhrases.Closing(0))
            : InterviewerMove.Complete(MoveKind.Question, index, progress.Plan[index].Text);
}
