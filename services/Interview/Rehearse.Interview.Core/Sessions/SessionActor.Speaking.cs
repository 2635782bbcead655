using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

// Speaking an utterance: its text and audio go out off the loop; the loop learns when the text is complete and
// when the audio has been sent, and waits for it to have played before listening.
public sealed partial class SessionActor
{
    private CancellationTokenSource? _speaking;
    private UtteranceSpeaker? _speaker;
    private string _utteranceId = "";
    private UtteranceKind _utteranceKind;
    private bool _utteranceAudioDone;
    private DateTimeOffset _playbackEnd;
    // The question being asked and its answer.
    private CurrentQuestion? _question;

    private void Speak(InterviewerMove move, bool repeat) =>
        Speak(ProtoMapping.ToUtteranceKind(move.Kind), move.QuestionIndex, move.Text, repeat);

    private void Speak(UtteranceKind kind, int questionIndex, IAsyncEnumerable<string> text, bool repeat)
    {
        var generation = ++_generation;
        _utteranceId = Guid.NewGuid().ToString("N");
        _utteranceKind = kind;
        _utteranceAudioDone = false;
        // The turn the utterance belongs to: a new question's, the one being answered for a check-in, otherwise the
        // next (a provisional answer takes the current one).
        var turnIndex = _pending is null ? _question?.TurnIndex ?? _turns.Count : _turns.Count + 1;
        if (kind is UtteranceKind.Question or UtteranceKind.FollowUp)
        {
            if (!repeat)
            {
                var moveKind = kind == UtteranceKind.FollowUp ? MoveKind.FollowUp : MoveKind.Question;
                var asked = new CurrentQuestion(moveKind, questionIndex, turnIndex, "", _deps.Clock.GetUtcNow()) { Attempt = AttemptFor(moveKind, questionIndex) };
                if (_pending is null)
                {
                    _question = asked;
                    _answer = NewAnswer();
                    PresentCoding(asked);
                }
                else
                {
                    // The provisional answer keeps the current question until it is committed.
                    _replyQuestion = asked;
                }
            }
            turnIndex = (_pending is null ? _question : _replyQuestion)!.TurnIndex;
            if (kind == UtteranceKind.Question)
            {
                _questionIndex = questionIndex;
            }
        }
        Transition(SessionState.Speaking);

        var template = new InterviewerUtterance
        {
            UtteranceId = _utteranceId,
            Kind = kind,
            TurnIndex = turnIndex,
            QuestionIndex = questionIndex,
        };
        var synthesis = Settings.Spoken
            ? new SynthesisSettings(Settings.Voice, _outputFormat.SampleRateHertz, _outputFormat.Encoding == AudioEncoding.Float32)
            : null;
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _speaking = cancellation;
        var speaker = new UtteranceSpeaker(_deps.Speech, Events, _deps.Clock);
        _speaker = speaker;
        SpeakStarted(kind);
        using var traced = Telemetry.InterviewTelemetry.Within(_speakSpan);
        _ = Task.Run(async () =>
        {
            SpeakOutcome outcome;
            try
            {
                outcome = await speaker.SpeakAsync(template, text, synthesis, text => Post(new UtteranceTextComplete(generation, text)), cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                // The engine failed while writing the text.
                Post(new MoveFailed(generation, e));
                return;
            }
            Post(new UtteranceSpoken(generation, outcome));
        });
    }

    private void OnUtteranceText(string text)
    {
        if (_utteranceKind is not (UtteranceKind.Question or UtteranceKind.FollowUp))
        {
            return;
        }
        if (_replyQuestion is { } reply)
        {
            _replyQuestion = reply with { Text = text };
        }
        else if (_question is { } question)
        {
            _question = question with { Text = text };
        }
    }

    private void OnUtteranceSpoken(SpeakOutcome outcome)
    {
        OnUtteranceText(outcome.Text);
        SpeakEnded(outcome.FirstAudioAt);
        _utteranceAudioDone = true;
        if (outcome.SpeechError is { } error)
        {
            SpeechFailed(error, "The interviewer's voice is unavailable; the question is shown as text.");
        }
        else
        {
            SpeechBack();
        }
        var now = _deps.Clock.GetUtcNow();
        _playbackEnd = _options.WaitForPlayback && outcome.FirstAudioAt is { } first ? first + outcome.AudioDuration : now;
        if (_state == SessionState.Speaking && now >= _playbackEnd)
        {
            FinishSpeaking();
        }
    }

    private void FinishSpeaking()
    {
        _speaking?.Dispose();
        _speaking = null;
        // A reply that has played in full closes the resume window, unless it is an acknowledgement inside it: the
        // interviewer goes on to what comes next while the candidate may still go on with the answer.
        CheckResumeWindow();
        if (!(_utteranceKind == UtteranceKind.Acknowledgement && InResumeWindow))
        {
            CommitPending();
        }
        switch (_utteranceKind)
        {
            case UtteranceKind.Question or UtteranceKind.FollowUp:
                StartListening();
                break;
            case UtteranceKind.CheckIn or UtteranceKind.Hint:
                ResumeListening();
                break;
            case UtteranceKind.Closing:
                BeginReport();
                break;
            case UtteranceKind.Feedback:
                AwaitChoice();
                break;
            default:
                Think(ProgressWithProvisionalAnswer());
                break;
        }
    }

    private void StopSpeaking(bool interrupted, bool withdrawn = false)
    {
        if (_speaking is null)
        {
            return;
        }
        _speaking.Cancel();
        _speaking.Dispose();
        _speaking = null;
        ++_generation;
        SpeakEnded(_speaker?.FirstAudioAt);
        if (interrupted && _speaker is { } speaker)
        {
            var played = speaker.FirstAudioAt is { } first ? _deps.Clock.GetUtcNow() - first : TimeSpan.Zero;
            played = played < speaker.AudioSent ? played : speaker.AudioSent;
            Events.Append(SessionEvents.InterviewerInterrupted(_utteranceId, played, withdrawn));
        }
        if (_question is { Text.Length: 0 } question && _speaker is { } current)
        {
            _question = question with { Text = current.TextSoFar };
        }
    }

    private void BargeIn()
    {
        StopSpeaking(interrupted: true);
        if (_utteranceKind is UtteranceKind.CheckIn or UtteranceKind.Hint)
        {
            ResumeListening();
        }
        else
        {
            StartListening();
        }
    }

    private void AskAgain()
    {
        StopSpeaking(interrupted: false);
        var question = _question!;
        Speak(InterviewerMove.Complete(question.Kind, question.QuestionIndex, question.Text), repeat: true);
    }

    private void StartListening()
    {
        var now = _deps.Clock.GetUtcNow();
        _question = _question! with { ListeningSince = now };
        // A coding question asked as the reply to a provisional answer is presented once it is current.
        PresentCoding(_question);
        if (!_answer.Speaking)
        {
            _answer.SilenceFrom(now);
        }
        ResumeListening();
    }

    /// <summary>Listens for the answer, after the question or a check-in (which does not restart the answer's time).</summary>
    private void ResumeListening()
    {
        if (!_answer.TurnBegan)
        {
            _answer.WaitingSince = _deps.Clock.GetUtcNow();
        }
        Transition(SessionState.Listening);
        UpdateListening(ListeningStatus.Listening, 0, null);
    }

    /// <summary>The question being asked and answered.</summary>
    private sealed record CurrentQuestion(MoveKind Kind, int QuestionIndex, int TurnIndex, string Text, DateTimeOffset AskedAt)
    {
        public DateTimeOffset? ListeningSince { get; init; }

        /// <summary>The interviewer has checked in after a long silence (once per question).</summary>
        public bool CheckedIn { get; init; }

        /// <summary>Which try at the main question, from 1.</summary>
        public int Attempt { get; init; } = 1;
    }
}
