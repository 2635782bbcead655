using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

// The interviewer engine's work: deciding the next move, assessing answers and writing the report. Each runs off
// the loop with the engine's time limit, and its result comes back as an input.
public sealed partial class SessionActor
{
    private CancellationTokenSource? _thinking;
    private InterviewerMove? _heldMove;
    private int _pendingAssessments;
    private bool _reportStarted;

    /// <summary>Asks the engine for its next move, from the committed turns or from <paramref name="progress"/>.</summary>
    private void Think(InterviewProgress? progress = null)
    {
        Transition(SessionState.Thinking);
        var generation = ++_generation;
        progress ??= Progress();
        DecisionStarted();
        using var traced = Telemetry.InterviewTelemetry.Within(_decisionSpan);
        _thinking = RunInterviewer(
            token => _interviewer.NextMoveAsync(progress, token),
            move => new MoveReady(generation, move),
            error => new MoveFailed(generation, error));
    }

    private void CancelThinking()
    {
        if (_thinking is null)
        {
            return;
        }
        _thinking.Cancel();
        _thinking = null;
        ++_generation;
        DecisionEnded(succeeded: false);
    }

    private void OnMoveReady(InterviewerMove move)
    {
        DecisionEnded(succeeded: true);
        if (_pending is { } pending)
        {
            // A language model may still be writing the reply: a withdrawal cancels it.
            pending.ReplyWork = _thinking;
        }
        _thinking = null;
        if (_finishing || HoldForReview(move))
        {
            return;
        }
        if (_state == SessionState.Paused)
        {
            _heldMove = move;
            return;
        }
        Speak(move, repeat: false);
    }

    private void OnMoveFailed(Exception error)
    {
        DecisionEnded(succeeded: false);
        _thinking = null;
        CommitPending();
        LogInterviewerFailed(_deps.Logger, error, Id);
        Notice(NoticeLevel.Error, "interviewer_unavailable",
            "The interviewer could not continue. Your answers so far are saved: resume later, or end the interview for a report.");
        if (_state != SessionState.Paused)
        {
            _pausedFrom = SessionState.Thinking;
            Transition(SessionState.Paused);
        }
    }

    private void Assess(AnsweredTurn turn)
    {
        _pendingAssessments++;
        var progress = Progress();
        RunInterviewer(
            token => _interviewer.AssessAsync(progress, turn, token),
            assessment => new AssessmentDone(turn.Index, assessment, null),
            error => new AssessmentDone(turn.Index, null, error));
    }

    private void OnAssessed(AssessmentDone done)
    {
        _pendingAssessments--;
        var index = _turns.FindIndex(t => t.Turn.Index == done.TurnIndex);
        if (done.Assessment is { } assessment && index >= 0)
        {
            _turns[index] = _turns[index] with { Assessment = assessment };
            _turnsSnapshot = [.. _turns];
            _writer.Enqueue(new SaveAssessmentWrite(assessment));
            Events.Append(SessionEvents.AnswerScored(done.TurnIndex, assessment));
        }
        else if (done.Error is { } error)
        {
            LogAssessmentFailed(_deps.Logger, error, Id, done.TurnIndex);
            Notice(NoticeLevel.Warning, "assessment_failed", $"Answer {done.TurnIndex + 1} could not be scored; the report covers the others.");
        }
        ShowFeedbackWhenScored();
        if (_finishing)
        {
            BeginReport();
        }
    }

    private void BeginReport()
    {
        _finishing = true;
        if (_state != SessionState.Thinking)
        {
            Transition(SessionState.Thinking);
        }
        if (_reportStarted || _pendingAssessments > 0)
        {
            return;
        }
        _reportStarted = true;
        var progress = ReportProgress();
        var assessments = _turns.Where(t => t.Assessment is not null).Select(t => t.Assessment!).ToList();
        RunInterviewer(
            token => _interviewer.WriteReportAsync(progress, assessments, token),
            report => new ReportDone(report, null),
            error => new ReportDone(null, error));
    }

    private void OnReport(ReportDone done)
    {
        var overall = 0;
        if (done.Report is { } report)
        {
            overall = report.Scores.Overall;
            _writer.Enqueue(new SaveReportWrite(report));
            Events.Append(new SessionEvent { ReportReady = new ReportReady { OverallScore = overall } });
        }
        else
        {
            LogReportFailed(_deps.Logger, done.Error!, Id);
            Notice(NoticeLevel.Error, "report_failed", "The report could not be written; the transcript is saved.");
        }
        _summary = _summary with { OverallScore = overall, EndedAt = _deps.Clock.GetUtcNow() };
        Transition(SessionState.Finished);
        Events.Complete();
        foreach (var waiter in _endWaiters)
        {
            waiter.TrySetResult();
        }
        _endWaiters.Clear();
        _finished.TrySetResult();
    }

    /// <summary>
    /// Runs engine work off the loop within the engine's time limit and posts its result (or failure) back. A
    /// session being unloaded posts nothing. Returns the work's cancellation, for work that can be superseded.
    /// </summary>
    private CancellationTokenSource RunInterviewer<T>(
        Func<CancellationToken, Task<T>> work, Func<T, SessionInput> succeeded, Func<Exception, SessionInput> failed)
    {
        var timeout = new CancellationTokenSource(_options.InterviewerTimeout, _deps.Clock);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, timeout.Token);
        _ = Task.Run(async () =>
        {
            try
            {
                Post(succeeded(await work(cancellation.Token)));
            }
            catch (Exception e)
            {
                if (!_lifetime.IsCancellationRequested)
                {
                    Post(failed(e));
                }
            }
        });
        return cancellation;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the interviewer failed to say what comes next")]
    private static partial void LogInterviewerFailed(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: assessing turn {TurnIndex} failed")]
    private static partial void LogAssessmentFailed(ILogger logger, Exception exception, Guid sessionId, int turnIndex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: writing the report failed")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, Guid sessionId);
}
