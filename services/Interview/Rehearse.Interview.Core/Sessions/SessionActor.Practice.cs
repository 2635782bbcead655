using System.Globalization;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Reports;
using Rehearse.Interview.V1;
using TurnFeedback = Rehearse.Interview.Interviewers.TurnFeedback;

namespace Rehearse.Interview.Core.Sessions;

// The practice loop: in practice mode the feedback on each main question comes on the spot, before the interviewer
// goes on, and in any mode the candidate may try the question just answered again. Each try is a new attempt: its
// turns carry the attempt number, and the engine sees only the last attempt of each question (Progress), so its
// follow-ups and scores judge the new answer on its own.
public sealed partial class SessionActor
{
    // The feedback being prepared (waiting for scores) or shown, with the engine's next move held until the
    // candidate continues.
    private Review? _review;
    // The last attempt whose feedback was given, so that the held move is not held twice.
    private (int QuestionIndex, int Attempt)? _reviewed;
    // The attempt number of the main question being asked anew.
    private int? _redoAttempt;

    private sealed record Review(InterviewerMove Next, int QuestionIndex, int Attempt)
    {
        public bool Shown { get; set; }
    }

    /// <summary>The turns the engine works from: every question's last attempt.</summary>
    private List<AnsweredTurn> CurrentAttempts() => LastAttempts(_turns.Select(t => t.Turn));

    /// <summary>
    /// Of <paramref name="turns"/>, those of every question's last attempt. A provisional answer is passed along with
    /// the committed turns: when it begins a new attempt, the earlier attempt's answers and follow-ups must drop out
    /// of what the engine sees then too, or it decides (whether to follow up) from a thread the feedback and the
    /// report never score together.
    /// </summary>
    private static List<AnsweredTurn> LastAttempts(IEnumerable<AnsweredTurn> turns)
    {
        var all = turns.ToList();
        var last = new Dictionary<int, int>();
        foreach (var turn in all)
        {
            last[turn.QuestionIndex] = Math.Max(last.GetValueOrDefault(turn.QuestionIndex), turn.Attempt);
        }
        return [.. all.Where(t => t.Attempt == last[t.QuestionIndex])];
    }

    /// <summary>The attempt a question's next turn belongs to: the one being asked anew, else the question's latest.</summary>
    private int AttemptFor(MoveKind kind, int questionIndex)
    {
        if (kind == MoveKind.Question && _redoAttempt is { } redo)
        {
            _redoAttempt = null;
            return redo;
        }
        if (kind == MoveKind.Question)
        {
            return 1;
        }
        // A follow-up to an answer still provisional belongs to that answer's attempt, which is not in the turns yet.
        return _question is { } current && current.QuestionIndex == questionIndex
            ? current.Attempt
            : _turns.Where(t => t.Turn.QuestionIndex == questionIndex).Select(t => t.Turn.Attempt).DefaultIfEmpty(1).Max();
    }

    /// <summary>
    /// In practice mode, holds the engine's move past a main question (anything but a follow-up) until the
    /// question's feedback has been given and the candidate chose to continue. Returns true when the move is held.
    /// </summary>
    private bool HoldForReview(InterviewerMove move)
    {
        if (!Settings.Practice || move.Kind == MoveKind.FollowUp)
        {
            return false;
        }
        // The feedback judges the answer as it stands.
        CommitPending();
        if (_turns.Count == 0)
        {
            return false;
        }
        var last = _turns[^1].Turn;
        if (_reviewed == (last.QuestionIndex, last.Attempt))
        {
            return false;
        }
        _review = new Review(move, last.QuestionIndex, last.Attempt);
        ShowFeedbackWhenScored();
        return true;
    }

    /// <summary>Gives the feedback once the attempt's answers are scored (and the session is not paused).</summary>
    private void ShowFeedbackWhenScored()
    {
        if (_review is not { Shown: false } review || _pendingAssessments > 0 || _finishing || _state == SessionState.Paused)
        {
            return;
        }
        review.Shown = true;
        _reviewed = (review.QuestionIndex, review.Attempt);
        var thread = AttemptFeedback(review.QuestionIndex, review.Attempt);
        if (thread.Count == 0)
        {
            // No answer of the attempt could be scored (a notice said so): nothing to review.
            _review = null;
            Speak(review.Next, repeat: false);
            return;
        }
        var feedback = PracticeFeedback.Build(_setup.Kind, review.QuestionIndex, review.Attempt, thread,
            review.Attempt > 1 ? AttemptFeedback(review.QuestionIndex, review.Attempt - 1) : []);
        Events.Append(new SessionEvent { AnswerFeedback = feedback });
        Speak(UtteranceKind.Feedback, review.QuestionIndex, TextFragments.Single(feedback.SpokenText), repeat: false);
    }

    private List<TurnFeedback> AttemptFeedback(int questionIndex, int attempt) =>
        [.. _turns.Where(t => t.Turn.QuestionIndex == questionIndex && t.Turn.Attempt == attempt && t.Assessment is not null)
            .Select(t => new TurnFeedback(t.Turn, t.Assessment!))];

    /// <summary>After the spoken feedback: the candidate chooses to try again or continue.</summary>
    private void AwaitChoice() => Transition(SessionState.Reviewing);

    /// <summary>Goes on after the feedback: the interviewer says what it was holding.</summary>
    private void ContinueAfterReview()
    {
        if (_review is not { Shown: true } review)
        {
            throw new SessionStateException($"There is no feedback to continue from (the session is {Describe(_state)}).");
        }
        _review = null;
        StopSpeaking(interrupted: false);
        Speak(review.Next, repeat: false);
    }

    /// <summary>
    /// Asks the main question just answered anew, as its next attempt: from the feedback in practice mode, or in
    /// any mode after an answer until the next main question is asked.
    /// </summary>
    private void RedoAnswer()
    {
        CommitPending();
        if (_state is SessionState.Paused or SessionState.Created || _turns.Count == 0 || _endingAnswer is not null)
        {
            throw new SessionStateException($"There is no answer to try again (the session is {Describe(_state)}).");
        }
        var questionIndex = _review?.QuestionIndex ?? _turns[^1].Turn.QuestionIndex;
        if (_question is { Kind: MoveKind.Question } asked && asked.QuestionIndex != questionIndex)
        {
            throw new SessionStateException(
                $"The next question has been asked (the session is {Describe(_state)}); only the question just answered can be tried again.");
        }
        _review = null;
        _heldMove = null;
        CancelThinking();
        StopSpeaking(interrupted: false);
        AbandonAnswerAudio();
        _question = null;
        _answer = NewAnswer();
        _redoAttempt = _turns.Where(t => t.Turn.QuestionIndex == questionIndex).Max(t => t.Turn.Attempt) + 1;
        var text = _turns.FirstOrDefault(t => t.Turn.QuestionIndex == questionIndex && t.Turn.Kind == MoveKind.Question)?.Turn.Question
            ?? _plan[questionIndex].Text;
        Speak(UtteranceKind.Question, questionIndex, TextFragments.Single(text), repeat: false);
    }

    /// <summary>On resume, goes back to the feedback that was being given or waited for; false when there is none.</summary>
    private bool ResumeReview()
    {
        switch (_review)
        {
            case { Shown: true }:
                AwaitChoice();
                return true;
            case { Shown: false }:
                Transition(SessionState.Thinking);
                ShowFeedbackWhenScored();
                return true;
            default:
                return false;
        }
    }
}

/// <summary>The feedback on one attempt at a main question, as practice mode gives it on the spot.</summary>
internal static class PracticeFeedback
{
    /// <summary>
    /// Scores the attempt by the report's rule (<see cref="ReportComposer.ScoreAttempt"/>), lists its points from the
    /// last answer's assessment (which judges the main answer and follow-ups together), picks one tip and words a
    /// short sentence to speak.
    /// </summary>
    public static AnswerFeedback Build(
        InterviewKind kind, int questionIndex, int attempt, IReadOnlyList<TurnFeedback> thread, IReadOnlyList<TurnFeedback> previous)
    {
        var score = ReportComposer.ScoreAttempt(kind, thread);
        var latest = thread[^1].Assessment;
        var skipped = thread.All(f => f.Turn.Skipped);
        var tip = skipped
            ? "Have a go at it: even a partial answer scores more than a skipped one."
            : latest.Improvements.FirstOrDefault() ?? "Keep this structure, and add a concrete example with its result.";
        var feedback = new AnswerFeedback
        {
            QuestionIndex = questionIndex,
            Attempt = attempt,
            Scores = Contracts.ProtoMapping.ToProto(score.Scores),
            Tip = tip,
            CoveredPoints = { latest.CoveredPoints },
            MentionedPoints = { latest.MentionedPoints ?? [] },
            MissedPoints = { latest.MissedPoints },
        };
        var overall = score.Scores.Overall;
        var change = "";
        if (previous.Count > 0)
        {
            var before = ReportComposer.ScoreAttempt(kind, previous).Scores.Overall;
            feedback.PreviousOverall = before;
            change = overall == before
                ? ", the same as last time"
                : string.Create(CultureInfo.InvariantCulture, $", {(overall > before ? "up" : "down")} {Math.Abs(overall - before)} from last time");
        }
        feedback.SpokenText = string.Create(CultureInfo.InvariantCulture,
            $"That scores {overall} out of 100{change}. {tip} Try it again, or continue when you are ready.");
        return feedback;
    }
}
