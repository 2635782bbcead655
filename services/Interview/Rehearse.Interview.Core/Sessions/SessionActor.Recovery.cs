using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

// Taking turns: when the turn detector hears an answer end, the interviewer thinks and replies at once, but the
// answer stays provisional until the resume window closes. If the candidate goes on with it inside the window,
// the reply is withdrawn and the answer continues as one turn. Also the patience settings' waits and the
// check-in after a long silence.
public sealed partial class SessionActor
{
    /// <summary>From this probability that the answer is over, the interviewer reads the pause as the end.</summary>
    internal const float LikelyDoneProbability = 0.5f;

    // The answer the turn detector heard end, not yet committed; its question and capture stay current meanwhile.
    private PendingAnswer? _pending;
    // The question the reply asks, while the answer it follows is provisional: it becomes current on commit.
    private CurrentQuestion? _replyQuestion;

    /// <summary>The waits of the session's patience setting.</summary>
    private PatienceTimings Patience => _options.TurnTaking.For(Settings.Patience);

    /// <summary>The turn detector's waits: the session's end-of-answer silence, when set, is the ceiling.</summary>
    private TurnDetectionSettings TurnDetection
    {
        get
        {
            var max = Settings.EndOfAnswerSilence ?? Patience.MaxWait;
            return new TurnDetectionSettings(Patience.MinWait < max ? Patience.MinWait : max, max);
        }
    }

    /// <summary>The interviewer is saying something the candidate may answer over: the question, or a check-in.</summary>
    private bool SpeakingOverAnswer => _utteranceKind is UtteranceKind.Question or UtteranceKind.FollowUp or UtteranceKind.CheckIn or UtteranceKind.Hint;

    /// <summary>
    /// The turn is over: the interviewer thinks and replies as if the answer were complete, while the recognition
    /// call stays open and the engine sees the answer as the last turn without it being stored. An answer the clock
    /// ended because its audio stopped coming gives <paramref name="stalledAt"/>, how much of it had come.
    /// </summary>
    private void EndAnswerProvisionally(DateTimeOffset now, TimeSpan? stalledAt = null)
    {
        StopSpeaking(interrupted: false);
        _pending = new PendingAnswer(now) { StalledAt = stalledAt };
        Think(ProgressWithProvisionalAnswer());
    }

    /// <summary>The session's progress as the engine sees it, the provisional answer (if any) as the last turn.</summary>
    private InterviewProgress ProgressWithProvisionalAnswer() => _pending is { } pending
        ? new InterviewProgress(_setup, _plan, LastAttempts([.. _turns.Select(t => t.Turn), AnswerAsTurn(AnswerEndReason.Silence, typedText: null, pending.EndedAt)]))
        : Progress();

    /// <summary>
    /// True while the reply to a provisional answer began playing less than the resume window ago. An
    /// acknowledgement that has played in full inside it leaves the window open into the next question: a candidate
    /// who paused a few seconds mid-thought goes on over the "Thanks", not within its first second.
    /// </summary>
    private bool InResumeWindow => _pending?.ReplyStartedAt is { } started && _deps.Clock.GetUtcNow() - started < _options.TurnTaking.ResumeWindow;

    /// <summary>Commits the provisional answer, if any: stored, scored, its question's reply going on as the next step.</summary>
    private void CommitPending()
    {
        if (_pending is not { } pending)
        {
            return;
        }
        _pending = null;
        // The continuation window is over; the next answer gets its own call.
        AbandonAnswerAudio();
        CommitAnswer(AnswerEndReason.Silence, typedText: null, pending.EndedAt);
        if (_replyQuestion is { } next)
        {
            _replyQuestion = null;
            _question = next;
        }
    }

    /// <summary>
    /// The candidate went on with the provisional answer: the reply stops at once and is withdrawn, the engine's
    /// pending work is cancelled, and the session listens to the same answer again.
    /// </summary>
    private void Withdraw()
    {
        var pending = _pending!;
        _pending = null;
        _replyQuestion = null;
        StopSpeaking(interrupted: true, withdrawn: true);
        CancelThinking();
        pending.ReplyWork?.Cancel();
        _questionIndex = _question!.QuestionIndex;
        var turnIndex = _question.TurnIndex;
        foreach (var held in pending.Held)
        {
            AddFinal(held, turnIndex);
        }
        Transition(SessionState.Listening);
        UpdateListening(ListeningStatus.Listening, 0, null);
    }

    /// <summary>Commits the provisional answer once the reply has played for the resume window.</summary>
    private void CheckResumeWindow()
    {
        if (_pending is not { } pending)
        {
            return;
        }
        if (pending.ReplyStartedAt is null && _state == SessionState.Speaking && _speaker?.FirstAudioAt is { } first)
        {
            pending.ReplyStartedAt = first;
        }
        if (pending.ReplyStartedAt is not null && !InResumeWindow)
        {
            CommitPending();
        }
    }

    /// <summary>A kind word after a long silence with nothing said; the session goes on listening for the same answer.</summary>
    private void CheckIn()
    {
        var question = _question! with { CheckedIn = true };
        _question = question;
        Speak(UtteranceKind.CheckIn, question.QuestionIndex, TextFragments.Single(TurnTakingWords.CheckIn(question.TurnIndex)), repeat: false);
    }

    /// <summary>An answer the turn detector heard end, held until the resume window closes.</summary>
    private sealed class PendingAnswer(DateTimeOffset endedAt)
    {
        /// <summary>When the turn ended: the answer's end, if it is committed.</summary>
        public DateTimeOffset EndedAt { get; } = endedAt;

        /// <summary>
        /// For an answer ended because its audio stopped coming, the answer's audio received by then: results of that
        /// audio are part of the answer whenever they come, and any audio after it continues the answer.
        /// </summary>
        public TimeSpan? StalledAt { get; init; }

        /// <summary>Final results heard meanwhile: they join the answer if the candidate goes on with it.</summary>
        public List<RecognizedSpeech> Held { get; } = [];

        /// <summary>When the reply's first audio was sent: the resume window runs from there.</summary>
        public DateTimeOffset? ReplyStartedAt { get; set; }

        /// <summary>The engine's work on the reply (a language model may still be writing it), cancelled on withdrawal.</summary>
        public CancellationTokenSource? ReplyWork { get; set; }
    }
}
