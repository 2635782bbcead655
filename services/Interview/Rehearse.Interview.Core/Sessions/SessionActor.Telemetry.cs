using System.Diagnostics;
using Rehearse.Interview.Core.Telemetry;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

// Tracing and measuring the conversation: a span per answer (under the client call that brought its first input),
// the interviewer's decision and the utterance that follow it under the answer, so one trace runs from the
// candidate's call through recognition, the engine and synthesis; and the voice-to-voice time.
public sealed partial class SessionActor
{
    private Activity? _answerSpan;
    // The last answer's span, under which the interviewer's reply is decided and spoken.
    private ActivityContext _answeredContext;
    private Activity? _decisionSpan;
    private Activity? _speakSpan;
    // When the candidate's speech ended (estimated, see CandidateSpeechEnded) with no speech since: voice-to-voice starts there.
    private DateTimeOffset? _candidateSpeechEnd;
    private long _decisionStartedAt;
    private DateTimeOffset _speakStartedAt;

    private ActivityContext ReplyParent => _answerSpan?.Context ?? _answeredContext;

    /// <summary>An input of the answer arrived: the first opens the answer's span, under the call that sent it.</summary>
    private void AnswerInputArrived(SessionInput input)
    {
        if (_answerSpan is not null)
        {
            return;
        }
        _answerSpan = InterviewTelemetry.StartSpan("interview.answer", input.Caller);
        _answerSpan?.SetTag("rehearse.session.id", Id.ToString());
        _answerSpan?.SetTag("rehearse.turn.index", _question?.TurnIndex ?? _turns.Count);
    }

    private void AnswerCommitted(AnswerEndReason reason)
    {
        if (_answerSpan is not { } span)
        {
            return;
        }
        _answerSpan = null;
        span.SetTag("rehearse.answer.end_reason", reason.ToString());
        span.Stop();
        _answeredContext = span.Context;
    }

    private void DecisionStarted()
    {
        DecisionEnded(succeeded: false);
        _decisionSpan = InterviewTelemetry.StartSpan("interview.interviewer.decide", ReplyParent);
        _decisionSpan?.SetTag("rehearse.session.id", Id.ToString());
        _decisionStartedAt = Stopwatch.GetTimestamp();
    }

    private void DecisionEnded(bool succeeded)
    {
        if (_decisionStartedAt != 0)
        {
            _deps.Telemetry?.InterviewerDecided(Stopwatch.GetElapsedTime(_decisionStartedAt), succeeded);
            _decisionStartedAt = 0;
        }
        if (_decisionSpan is { } span)
        {
            _decisionSpan = null;
            span.SetStatus(succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            span.Stop();
        }
    }

    private void SpeakStarted(UtteranceKind kind)
    {
        SpeakEnded(firstAudioAt: null);
        _speakSpan = InterviewTelemetry.StartSpan("interview.speak", ReplyParent);
        _speakSpan?.SetTag("rehearse.session.id", Id.ToString());
        _speakSpan?.SetTag("rehearse.utterance.kind", kind.ToString());
        _speakStartedAt = _deps.Clock.GetUtcNow();
    }

    /// <summary>The utterance was spoken or stopped; <paramref name="firstAudioAt"/> is when its first audio went out, if any did.</summary>
    private void SpeakEnded(DateTimeOffset? firstAudioAt)
    {
        if (_speakSpan is not { } span)
        {
            return;
        }
        _speakSpan = null;
        span.Stop();
        if (firstAudioAt is not { } first)
        {
            return;
        }
        _deps.Telemetry?.TimeToFirstAudio(first - _speakStartedAt);
        // A check-in answers silence, not speech.
        if (_candidateSpeechEnd is { } speechEnd && _utteranceKind != UtteranceKind.CheckIn)
        {
            _deps.Telemetry?.VoiceToVoice(first - speechEnd);
            _candidateSpeechEnd = null;
        }
    }

    /// <summary>
    /// The Speech service heard the candidate's speech end at <paramref name="offset"/> of the answer's audio. The
    /// end is placed in time by how much audio arrived after it: exact for a client that streams in real time (a
    /// microphone), early for audio sent faster.
    /// </summary>
    private void CandidateSpeechEnded(TimeSpan offset, DateTimeOffset now)
    {
        var after = _answer.AudioReceived - offset;
        _candidateSpeechEnd = now - (after > TimeSpan.Zero ? after : TimeSpan.Zero);
    }

    /// <summary>The candidate speaks (again), or answered in writing: there is no end of speech to measure from.</summary>
    private void CandidateSpeechResumed() => _candidateSpeechEnd = null;

    private void EndSpans()
    {
        DecisionEnded(succeeded: false);
        SpeakEnded(firstAudioAt: null);
        _answerSpan?.Stop();
        _answerSpan = null;
    }
}
