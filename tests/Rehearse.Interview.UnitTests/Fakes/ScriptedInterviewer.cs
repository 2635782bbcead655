using Rehearse.Interview.Interviewers;

namespace Rehearse.Interview.UnitTests.Fakes;

/// <summary>
/// An interviewer whose moves follow from the progress alone: greeting, then the planned question after the
/// answered ones, then the closing. Follow-ups only when <see cref="FollowsUp"/> is set and acknowledgements only
/// when <see cref="Acknowledges"/> is set, so every scenario knows what comes next. The next move can be held back with <see cref="MoveGate"/>, the
/// report with <see cref="ReportGate"/>.
/// </summary>
internal sealed class ScriptedInterviewer : IInterviewer, IInterviewerFactory
{
    public const string Greeting = "Welcome to the interview.";
    public const string Closing = "Thank you, that is all.";

    private readonly List<InterviewProgress> _nextMoveCalls = [];

    public InterviewerEngineKind Engine => InterviewerEngineKind.Offline;

    public IReadOnlyList<EngineAvailability> Engines => [new(InterviewerEngineKind.Offline, "Scripted", true, null)];

    public InterviewerEngineKind DefaultEngine => InterviewerEngineKind.Offline;

    /// <summary>When set, the report is written once it completes.</summary>
    public TaskCompletionSource? ReportGate { get; set; }

    /// <summary>When set, the next move is decided once it completes (or the call is cancelled).</summary>
    public TaskCompletionSource? MoveGate { get; set; }

    /// <summary>Says "Thank you." after each answer before the next question, as the built-in interviewer does.</summary>
    public bool Acknowledges { get; set; }

    public const string Acknowledgement = "Thank you.";

    /// <summary>
    /// Asks one follow-up on each main question, as the built-in interviewer does on an answer that lacks something:
    /// unless the question's answers in the progress already include one. Follow-up answers score
    /// <see cref="FollowUpScore"/>, so whether one counts shows in the question's score.
    /// </summary>
    public bool FollowsUp { get; set; }

    public const string FollowUp = "Could you go a bit deeper on that?";

    public const int FollowUpScore = 40;

    /// <summary>Calls for the next move that were cancelled while they waited at <see cref="MoveGate"/>.</summary>
    public int CancelledMoves => Volatile.Read(ref _cancelledMoves);

    private int _cancelledMoves;
    private (int Count, string Answer)? _acknowledged;

    /// <summary>The progress each call for the next move was given.</summary>
    public IReadOnlyList<InterviewProgress> NextMoveCalls
    {
        get
        {
            lock (_nextMoveCalls)
            {
                return [.. _nextMoveCalls];
            }
        }
    }

    public IInterviewer Create(InterviewerEngineKind engine, Action<InterviewerNotice>? onNotice = null) => this;

    public Task<IReadOnlyList<PlannedQuestion>> PlanAsync(InterviewSetup setup, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Sessions under test are created with their plan.");

    public InterviewerMove Greet(InterviewProgress progress) => InterviewerMove.Complete(MoveKind.Greeting, 0, Greeting);

    public async Task<InterviewerMove> NextMoveAsync(InterviewProgress progress, CancellationToken cancellationToken)
    {
        lock (_nextMoveCalls)
        {
            _nextMoveCalls.Add(progress);
        }
        if (MoveGate is { } gate)
        {
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelledMoves);
                throw;
            }
        }
        var turns = progress.Turns;
        if (FollowsUp && turns.Count > 0 && !turns.Any(t => t.QuestionIndex == turns[^1].QuestionIndex && t.Kind == MoveKind.FollowUp))
        {
            return InterviewerMove.Complete(MoveKind.FollowUp, turns[^1].QuestionIndex, FollowUp);
        }
        if (Acknowledges && turns.Count > 0 && _acknowledged != (turns.Count, turns[^1].Answer))
        {
            _acknowledged = (turns.Count, turns[^1].Answer);
            return InterviewerMove.Complete(MoveKind.Acknowledgement, turns[^1].QuestionIndex, Acknowledgement);
        }
        // The questions answered so far (follow-ups belong to theirs).
        var next = turns.Select(t => t.QuestionIndex).Distinct().Count();
        return next < progress.Plan.Count
            ? InterviewerMove.Complete(MoveKind.Question, next, progress.Plan[next].Text)
            : InterviewerMove.Complete(MoveKind.Closing, progress.Plan.Count, Closing);
    }

    public Task<AnswerAssessment> AssessAsync(InterviewProgress progress, AnsweredTurn turn, CancellationToken cancellationToken)
    {
        var score = turn.Skipped ? 0 : turn.Kind == MoveKind.FollowUp ? FollowUpScore : 70;
        var dimension = new ScoredDimension(score, "scripted");
        return Task.FromResult(new AnswerAssessment(
            turn.Index, new AnswerScores(dimension, dimension, dimension, score), [], [], null, [], [], "", Engine));
    }

    public async Task<InterviewReport> WriteReportAsync(
        InterviewProgress progress, IReadOnlyList<AnswerAssessment> assessments, CancellationToken cancellationToken)
    {
        if (ReportGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        var overall = assessments.Count == 0 ? 0 : (int)assessments.Average(a => a.Scores.Overall);
        var dimension = new ScoredDimension(overall, "scripted");
        return new InterviewReport(
            progress.Setup, DateTimeOffset.UnixEpoch, new AnswerScores(dimension, dimension, dimension, overall), "Scripted report.",
            [], [], [], null, null, Engine, []);
    }
}
