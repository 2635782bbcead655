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
    private MoveKind _utteranceKind;
    private bool _utteranceAudioDone;
    private DateTimeOffset _playbackEnd;
    // The question being asked and its answer.
    private CurrentQuestion? _question;

    private void Speak(InterviewerMove move, bool repeat)
    {
        var generation = ++_generation;
        _utteranceId = Guid.NewGuid().ToString("N");
        _utteranceKind = move.Kind;
        _utteranceAudioDone = false;
        if (move.Kind is MoveKind.Question or MoveKind.FollowUp)
        {
            if (!repeat)
            {
                _question = new CurrentQuestion(move.Kind, move.QuestionIndex, _turns.Count, "", _deps.Clock.GetUtcNow());
                _answer = NewAnswer();
            }
            if (move.Kind == MoveKind.Question)
            {
                _questionIndex = move.QuestionIndex;
            }
        }
        Transition(SessionState.Speaking);

        var template = new InterviewerUtterance
        {
            UtteranceId = _utteranceId,
            Kind = ProtoMapping.ToUtteranceKind(move.Kind),
            TurnIndex = _question?.TurnIndex ?? _turns.Count,
            QuestionIndex = move.QuestionIndex,
        };
        var synthesis = Settings.Spoken
            ? new SynthesisSettings(Settings.Voice, _outputFormat.SampleRateHertz, _outputFormat.Encoding == AudioEncoding.Float32)
            : null;
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _speaking = cancellation;
        var speaker = new UtteranceSpeaker(_deps.Speech, Events, _deps.Clock);
        _speaker = speaker;
        _ = Task.Run(async () =>
        {
            SpeakOutcome outcome;
            try
            {
                outcome = await speaker.SpeakAsync(template, move.Text, synthesis, text => Post(new UtteranceTextComplete(generation, text)), cancellation.Token);
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
        if (_question is { } question && _utteranceKind is MoveKind.Question or MoveKind.FollowUp)
        {
            _question = question with { Text = text };
        }
    }

    private void OnUtteranceSpoken(SpeakOutcome outcome)
    {
        OnUtteranceText(outcome.Text);
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
        switch (_utteranceKind)
        {
            case MoveKind.Question or MoveKind.FollowUp:
                StartListening();
                break;
            case MoveKind.Closing:
                BeginReport();
                break;
            default:
                Think();
                break;
        }
    }

    private void StopSpeaking(bool interrupted)
    {
        if (_speaking is null)
        {
            return;
        }
        _speaking.Cancel();
        _speaking.Dispose();
        _speaking = null;
        ++_generation;
        if (interrupted && _speaker is { } speaker)
        {
            var played = speaker.FirstAudioAt is { } first ? _deps.Clock.GetUtcNow() - first : TimeSpan.Zero;
            played = played < speaker.AudioSent ? played : speaker.AudioSent;
            Events.Append(SessionEvents.InterviewerInterrupted(_utteranceId, played));
        }
        if (_question is { Text.Length: 0 } question && _speaker is { } current)
        {
            _question = question with { Text = current.TextSoFar };
        }
    }

    private void BargeIn()
    {
        StopSpeaking(interrupted: true);
        StartListening();
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
        if (!_answer.Speaking)
        {
            _answer.SilenceFrom(now);
        }
        Transition(SessionState.Listening);
    }

    /// <summary>The question being asked and answered.</summary>
    private sealed record CurrentQuestion(MoveKind Kind, int QuestionIndex, int TurnIndex, string Text, DateTimeOffset AskedAt)
    {
        public DateTimeOffset? ListeningSince { get; init; }
    }
}
