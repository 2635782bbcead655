using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

// The candidate's control actions: start, pause, resume, done, repeat, skip, interrupt, end; redo and continue
// (the practice loop) are carried out in .Practice.
public sealed partial class SessionActor
{
    private SessionState _pausedFrom;

    private void OnControl(ControlInput input)
    {
        var action = input.Action;
        if (_state == SessionState.Finished)
        {
            throw new SessionStateException("The session has finished.");
        }
        if (action == ControlAction.End)
        {
            _endWaiters.Add(input.Reply);
            End();
            return;
        }
        if (action == ControlAction.Start)
        {
            Start();
            input.Reply.TrySetResult();
            return;
        }
        if (!_running)
        {
            throw NotRunning();
        }
        switch (action)
        {
            case ControlAction.Pause:
                Pause();
                break;
            case ControlAction.Resume:
                Resume();
                break;
            case ControlAction.DoneAnswering when _pending is not null:
                // Done with the answer the interviewer is already replying to: it needs no resume window.
                CommitPending();
                break;
            case ControlAction.DoneAnswering:
                if (_state != SessionState.Listening || _endingAnswer is not null)
                {
                    throw new SessionStateException($"There is no answer in progress (the session is {Describe(_state)}).");
                }
                EndAnswer(AnswerEndReason.Done);
                break;
            case ControlAction.RepeatQuestion:
                // While an answer is provisional, the question to repeat or skip is the one the reply asks.
                CommitPending();
                RequireQuestion("repeat");
                AbandonAnswerAudio();
                AskAgain();
                break;
            case ControlAction.SkipQuestion:
                CommitPending();
                RequireQuestion("skip");
                StopSpeaking(interrupted: false);
                AbandonAnswerAudio();
                CompleteAnswer(AnswerEndReason.Skipped, typedText: null);
                break;
            case ControlAction.Hint:
                GiveHint(offered: false);
                break;
            case ControlAction.Interrupt:
                // The client heard the candidate speak over the interviewer: going on with a provisional answer
                // withdraws the reply; otherwise speech over the question or a check-in interrupts it.
                if (_pending is not null)
                {
                    Withdraw();
                }
                else if (_state == SessionState.Speaking && _question is not null && SpeakingOverAnswer)
                {
                    BargeIn();
                }
                else if (_state == SessionState.Speaking && _utteranceKind == UtteranceKind.Greeting)
                {
                    // The candidate skips the greeting: the interviewer goes straight to the first question.
                    StopSpeaking(interrupted: true);
                    Think();
                }
                break;
            case ControlAction.RedoAnswer:
                RedoAnswer();
                break;
            case ControlAction.Continue:
                ContinueAfterReview();
                break;
            default:
                throw new InvalidSessionRequestException("action", $"{action} is not a control action.");
        }
        input.Reply.TrySetResult();
    }

    private void Start()
    {
        if (_running)
        {
            if (_state == SessionState.Paused)
            {
                Resume();
            }
            return;
        }
        _running = true;
        if (_state == SessionState.Created || _turns.Count == 0)
        {
            Speak(_interviewer.Greet(Progress()), repeat: false);
        }
        else
        {
            // Continues a session after a restart: the interviewer picks up after the last committed turn.
            _question = null;
            Think();
        }
    }

    private void Pause()
    {
        if (_state == SessionState.Paused)
        {
            return;
        }
        if (_state is not (SessionState.Speaking or SessionState.Listening or SessionState.Thinking))
        {
            throw new SessionStateException($"The session cannot be paused while {Describe(_state)}.");
        }
        // The candidate stops: a provisional answer stands.
        CommitPending();
        _pausedFrom = _state;
        if (_state == SessionState.Speaking)
        {
            StopSpeaking(interrupted: false);
        }
        if (_endingAnswer is null)
        {
            AbandonAnswerAudio();
        }
        Transition(SessionState.Paused);
    }

    private void Resume()
    {
        if (_state != SessionState.Paused || ResumeReview())
        {
            return;
        }
        if (_heldMove is { } held)
        {
            _heldMove = null;
            Speak(held, repeat: false);
        }
        else if (_thinking is not null || _endingAnswer is not null || _finishing)
        {
            Transition(SessionState.Thinking);
        }
        else if (_question is not null)
        {
            AskAgain();
        }
        else
        {
            Think();
        }
    }

    private void End()
    {
        if (_finishing)
        {
            return;
        }
        // A provisional answer is kept: the report covers it.
        CommitPending();
        _finishing = true;
        _running = true;
        _heldMove = null;
        CancelThinking();
        StopSpeaking(interrupted: false);
        if (_endingAnswer is not null)
        {
            // The answer's recognition is being flushed; the report follows its completion.
            return;
        }
        if (_question is not null && (_recognition is not null || _answer.SegmentCount > 0))
        {
            EndAnswer(AnswerEndReason.SessionEnded);
            return;
        }
        _question = null;
        BeginReport();
    }

    private void RequireQuestion(string verb)
    {
        if (_question is null || _state is not (SessionState.Speaking or SessionState.Listening) || _endingAnswer is not null)
        {
            throw new SessionStateException($"There is no question to {verb} (the session is {Describe(_state)}).");
        }
    }
}
