using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

// Listening to an answer: audio goes to a recognition call opened off the loop, voice activity, transcripts and
// turn decisions come back, and the answer ends when the Speech service hears the turn end, on DONE, the time
// limit, a typed answer or a skip. An answer ended by the turn detector is provisional for a short while (see
// .Recovery): the candidate may go on with it.
public sealed partial class SessionActor
{
    private AnswerCapture _answer;
    private AnswerRecognition? _recognition;
    // Replies to audio sent while the recognition call was opening: they learn whether it opened.
    private readonly List<TaskCompletionSource<long>> _audioAwaitingRecognition = [];
    private bool _recognitionOpen;
    // Tags recognition calls. Kept apart from the interviewer's: a microphone that streams while the interviewer
    // speaks opens a call, and must not make the utterance being spoken look superseded.
    private int _recognitionGeneration;
    private AnswerEndReason? _endingAnswer;
    private DateTimeOffset _recognitionFlushDeadline;
    private long _highestChunk;
    private DateTimeOffset _lastAnswerAudioAt;
    // The call was half-closed because audio stopped coming (freeing its place at the Speech service) and is
    // still delivering its last results. Audio that arrives meanwhile waits here for the next call.
    private bool _recognitionIdleClosed;
    private readonly List<ReadOnlyMemory<byte>> _audioForNextCall = [];
    private TimeSpan _nextCallBase;

    private AnswerCapture NewAnswer() => new(_options.AnswerAudioRetention == AnswerAudioRetention.Days);

    /// <summary>Furthest a chunk sequence may run ahead of the highest seen, so one bad number cannot make every later chunk look like a repeat.</summary>
    public const long MaxChunkSequenceJump = 1_000_000;

    private void OnAudio(AudioInput input)
    {
        if (input.ChunkSequence < 0)
        {
            throw new InvalidSessionRequestException("chunk_sequence", $"{input.ChunkSequence} is negative; number chunks from 1, or send 0 to go unnumbered.");
        }
        if (input.ChunkSequence - _highestChunk > MaxChunkSequenceJump)
        {
            throw new InvalidSessionRequestException("chunk_sequence",
                $"{input.ChunkSequence} is more than {MaxChunkSequenceJump} ahead of the highest acknowledged ({_highestChunk}).");
        }
        if (input.ChunkSequence > 0 && input.ChunkSequence <= _highestChunk)
        {
            input.Reply.TrySetResult(_highestChunk);
            return;
        }
        if (_state is SessionState.Created or SessionState.Finished)
        {
            throw new SessionStateException($"Audio cannot be sent while the session is {Describe(_state)}.");
        }
        if (!_running)
        {
            throw NotRunning();
        }
        _highestChunk = Math.Max(_highestChunk, input.ChunkSequence);
        // A provisional answer takes audio until it is committed: the candidate may go on with it.
        var accepting = _question is not null && _endingAnswer is null
            && (_pending is not null || _state == SessionState.Listening || (_state == SessionState.Speaking && SpeakingOverAnswer));
        if (!accepting)
        {
            // Microphones keep streaming between answers; audio outside an answer is not part of one.
            input.Reply.TrySetResult(_highestChunk);
            return;
        }
        AnswerInputArrived(input);
        if (_answer.Format is { } format && format != input.Format)
        {
            throw new InvalidSessionRequestException("format",
                $"an answer's audio keeps one format; this answer started as {format.SampleRateHertz} Hz {(format.Float32 ? "FLOAT32" : "LINEAR16")}.");
        }
        if (_pending is { StalledAt: not null })
        {
            // The audio is back (a client that lost its connection sends what it recorded meanwhile): the clock ended
            // the answer only for want of it, so the answer goes on and its end is judged on the audio itself.
            Withdraw();
        }
        if (_recognitionIdleClosed)
        {
            KeepForNextCall(input.Audio);
        }
        else
        {
            _recognition ??= OpenRecognition(input.Format, _answer.AudioReceived);
            if (!_recognition.TryWrite(input.Audio))
            {
                if (!_recognition.Failed)
                {
                    throw RecognitionFallingBehind();
                }
                // The call failed (a Speech instance went away) and its end is on the way: the audio waits for the call
                // that replaces it rather than being refused as if recognition were slow.
                KeepForNextCall(input.Audio);
            }
        }
        _lastAnswerAudioAt = _deps.Clock.GetUtcNow();
        _answer.AddAudio(input.Audio.Span, input.Format);
        if (_recognitionOpen && !_recognitionIdleClosed)
        {
            input.Reply.TrySetResult(_highestChunk);
        }
        else
        {
            _audioAwaitingRecognition.Add(input.Reply);
        }
        CheckEndOfAnswer();
    }

    /// <summary>Holds audio for the call that opens once the current one has ended.</summary>
    private void KeepForNextCall(ReadOnlyMemory<byte> audio)
    {
        if (_audioForNextCall.Count == 0)
        {
            _nextCallBase = _answer.AudioReceived;
        }
        if (_audioForNextCall.Count >= AnswerRecognition.AudioQueueCapacity)
        {
            throw RecognitionFallingBehind();
        }
        _audioForNextCall.Add(audio.ToArray());
    }

    private AnswerRecognition OpenRecognition(CandidateAudioFormat format, TimeSpan answerOffset)
    {
        _answer.RecognitionBase = answerOffset;
        _recognitionOpen = false;
        using var traced = Telemetry.InterviewTelemetry.Within(_answerSpan);
        return new AnswerRecognition(_deps.Speech, format, AnswerTimeLimit, TurnDetection, ++_recognitionGeneration, _inbox.Writer, _lifetime.Token);
    }

    /// <summary>Sends the call no more audio and gives it the grace period to deliver its last results.</summary>
    private void HalfClose(AnswerRecognition recognition)
    {
        _recognitionFlushDeadline = _deps.Clock.GetUtcNow() + _deps.Speech.RecognitionGrace;
        recognition.Complete();
    }

    private SessionUnavailableException RecognitionFallingBehind() =>
        SpeechFailed(new SpeechUnavailableException("recognition queue full"), "Speech recognition is falling behind; some audio was not heard.");

    /// <summary>
    /// Half-closes the answer's recognition call when no audio has come for a while: a client that opens an answer
    /// and goes quiet must not hold one of the Speech service's few recognition slots until the time limit.
    /// </summary>
    private void CloseIdleRecognition()
    {
        if (_recognition is not { } recognition || _recognitionIdleClosed || _endingAnswer is not null)
        {
            return;
        }
        var now = _deps.Clock.GetUtcNow();
        if (now - _lastAnswerAudioAt < _options.AnswerAudioIdleTimeout)
        {
            return;
        }
        _recognitionIdleClosed = true;
        HalfClose(recognition);
    }

    private void OnRecognitionOpened(Exception? error)
    {
        var waiting = _audioAwaitingRecognition.ToList();
        _audioAwaitingRecognition.Clear();
        if (error is null)
        {
            _recognitionOpen = true;
            waiting.ForEach(reply => reply.TrySetResult(_highestChunk));
            return;
        }
        var recognition = _recognition!;
        _recognition = null;
        _ = recognition.DisposeAsync().AsTask();
        // Audio held for a replacement call was refused with the rest (its replies fail below).
        _audioForNextCall.Clear();
        var failure = SpeechFailed(error, "Speech recognition is unavailable: type your answer, or keep talking once it is back.");
        waiting.ForEach(reply => reply.TrySetException(failure));
        if (_endingAnswer is { } reason)
        {
            CompleteAnswer(reason, typedText: null);
        }
    }

    private void OnRecognition(RecognitionEvent update)
    {
        SpeechBack();
        var turnIndex = _question?.TurnIndex ?? _turns.Count;
        var offsetBase = _answer.RecognitionBase;
        var now = _deps.Clock.GetUtcNow();
        switch (update)
        {
            case VoiceActivity activity:
                var offset = offsetBase + activity.Offset;
                _answer.Speaking = activity.SpeechBegan;
                if (activity.SpeechBegan)
                {
                    _answer.HeardSpeech = true;
                    _answer.RecognitionLost = false;
                }
                else
                {
                    _answer.LastSpeechEnd = offset;
                    _answer.LastSpeechEndedAt = now;
                    CandidateSpeechEnded(offset, now);
                    if (_answer.WaitingSince is not null)
                    {
                        _answer.WaitingSince = now;
                    }
                }
                // Voice alone does not interrupt the interviewer: a "yeah" or a cough is not a turn (TurnBegan is).
                Events.Append(SessionEvents.CandidateSpeech(activity.SpeechBegan, turnIndex, offset));
                break;
            case TurnBegan:
                CandidateSpeechResumed();
                _answer.TurnBegan = true;
                _answer.WaitingSince = null;
                if (_pending is not null)
                {
                    Withdraw();
                }
                else if (_state == SessionState.Speaking && SpeakingOverAnswer && _question is not null && _endingAnswer is null)
                {
                    BargeIn();
                }
                UpdateListening(ListeningStatus.Listening, 0, null);
                break;
            case Backchannel:
                // The candidate only acknowledged what they heard: the interviewer goes on, and words of it held
                // back from a provisional answer are not a continuation.
                _pending?.Held.Clear();
                break;
            case EndOfTurnEstimate estimate:
                _answer.EstimatedWait = estimate.Wait;
                var askedForTime = estimate.Cues.Contains(TurnCue.AskedForTime);
                if (askedForTime)
                {
                    // "Let me think": the check-in waits as long again from here.
                    _answer.WaitingSince = now;
                }
                UpdateListening(
                    askedForTime || estimate.Probability < LikelyDoneProbability ? ListeningStatus.TakingTime : ListeningStatus.LikelyDone,
                    estimate.Probability, estimate.Wait);
                break;
            case TurnEnded ended:
                OnTurnEnded(ended, now);
                break;
            case RecognizedSpeech speech:
                var absolute = speech with { Start = offsetBase + speech.Start, End = offsetBase + speech.End };
                if (!speech.IsFinal)
                {
                    // Interim transcripts are soon replaced by the final: shown live, not stored.
                    Events.Broadcast(SessionEvents.Transcript(turnIndex, _answer.SegmentCount, absolute, absolute.Start, absolute.End));
                    break;
                }
                if (_pending is { } pending && !(pending.StalledAt is { } stalledAt && absolute.Start < stalledAt))
                {
                    // Words after the answer was taken as finished join it only if the candidate goes on with it.
                    pending.Held.Add(absolute);
                    Events.Broadcast(SessionEvents.Transcript(turnIndex, _answer.SegmentCount, absolute, absolute.Start, absolute.End));
                    break;
                }
                if (IsRepeatRequest(absolute.Transcript))
                {
                    Events.Broadcast(SessionEvents.Transcript(turnIndex, _answer.SegmentCount, absolute, absolute.Start, absolute.End));
                    RepeatOnRequest();
                    break;
                }
                AddFinal(absolute, turnIndex);
                OnCodingSpeech(absolute.Transcript);
                break;
        }
    }

    private void AddFinal(RecognizedSpeech speech, int turnIndex)
    {
        Events.Append(SessionEvents.Transcript(turnIndex, _answer.SegmentCount, speech, speech.Start, speech.End));
        if (!string.IsNullOrWhiteSpace(speech.Transcript))
        {
            _answer.AddSegment(new AnswerSegment(speech.Transcript.Trim(), speech.Start, speech.End, speech.Hesitations));
            _answer.HeardSpeech = true;
        }
        if (!_answer.Speaking)
        {
            _answer.LastSpeechEnd = speech.End;
        }
    }

    /// <summary>Whether the first words of an answer ask to hear the question again, rather than answer it.</summary>
    private bool IsRepeatRequest(string words) =>
        _answer.SegmentCount == 0 && _question is not null && _endingAnswer is null
        && _state is SessionState.Listening or SessionState.Speaking
        // Right after the check-in offered to repeat the question, a plain "yes" asks for it.
        && TurnTakingWords.IsRepeatRequest(words, afterCheckIn: _utteranceKind == UtteranceKind.CheckIn);

    /// <summary>Asks the question again, as CONTROL_ACTION_REPEAT_QUESTION does; the request is not part of the answer.</summary>
    private void RepeatOnRequest()
    {
        AbandonAnswerAudio();
        _answer = NewAnswer();
        AskAgain();
    }

    private void OnTurnEnded(TurnEnded ended, DateTimeOffset now)
    {
        var listening = _state == SessionState.Listening || (_state == SessionState.Speaking && _utteranceKind == UtteranceKind.CheckIn);
        // A turn of backchannels only ("okay", "mm") does not answer the question; a coding answer ends on submission.
        if (!listening || CodingUnderway || _pending is not null || _endingAnswer is not null || _question is null || !_answer.TurnBegan)
        {
            return;
        }
        if (ended.Cues.Contains(TurnCue.AskedForTime))
        {
            // "Let me think": the interviewer gives them the time, and checks in if the silence goes on.
            _answer.WaitingSince = now;
            UpdateListening(ListeningStatus.TakingTime, ended.Probability, ended.Wait);
            return;
        }
        EndAnswerProvisionally(now);
    }

    /// <summary>Tells the candidate how the interviewer reads their pause, when the reading changes.</summary>
    private void UpdateListening(ListeningStatus status, float probability, TimeSpan? wait)
    {
        if (_state != SessionState.Listening || _question is not { } question || _pending is not null || _endingAnswer is not null)
        {
            return;
        }
        var update = new ListeningUpdate
        {
            TurnIndex = question.TurnIndex,
            Status = status,
            EndOfAnswerProbability = probability,
            Wait = wait is { } w ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(w) : null,
        };
        if (update.Equals(_answer.Reading))
        {
            return;
        }
        _answer.Reading = update;
        Events.Broadcast(SessionEvents.ListeningUpdate(update));
    }

    private void OnRecognitionEnded(Exception? error)
    {
        var recognition = _recognition!;
        _recognition = null;
        _recognitionIdleClosed = false;
        _ = recognition.DisposeAsync().AsTask();
        if (_answer.Speaking)
        {
            _answer.SilenceFrom(_deps.Clock.GetUtcNow());
        }
        if (error is not null and not OperationCanceledException)
        {
            _answer.RecognitionLost = _answer.HeardSpeech;
            SpeechFailed(error, "Speech recognition stopped; what was heard so far is kept. Keep talking, or type your answer.");
            // Audio queued for the failed call never reached it: it goes first to the call replacing it.
            _audioForNextCall.InsertRange(0, recognition.TakeUnsent());
            _nextCallBase = _answer.AudioReceived - _answer.Format!.Value.DurationOf(_audioForNextCall.Sum(audio => (long)audio.Length));
        }
        if (_audioForNextCall.Count > 0)
        {
            // Audio came while the call was finishing or failing: it goes to a new call, which the answer's end (if it
            // is ending) waits for in turn.
            _recognition = OpenRecognition(_answer.Format!.Value, _nextCallBase);
            _audioForNextCall.ForEach(audio => _recognition.TryWrite(audio));
            _audioForNextCall.Clear();
            if (_endingAnswer is not null)
            {
                HalfClose(_recognition);
            }
            return;
        }
        if (_endingAnswer is { } reason)
        {
            CompleteAnswer(reason, typedText: null);
        }
    }

    /// <summary>Shortest time without answer audio after which the clock, not the Speech service, may end an answer.</summary>
    internal static readonly TimeSpan AudioStallBeforeClockEnd = TimeSpan.FromSeconds(2);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void CheckEndOfAnswer()
    {
        var listening = _state == SessionState.Listening || (_state == SessionState.Speaking && _utteranceKind == UtteranceKind.CheckIn);
        if (!listening || _endingAnswer is not null || _pending is not null || _question?.ListeningSince is not { } since)
        {
            return;
        }
        var now = _deps.Clock.GetUtcNow();
        if (now - since >= AnswerTimeLimit)
        {
            EndAnswer(AnswerEndReason.TimeLimit);
            return;
        }
        if (CodingUnderway)
        {
            // Silence is the candidate coding: no check-in, no end on silence.
            CheckCodingStall(now);
            return;
        }
        if (_state != SessionState.Listening || _answer.Speaking)
        {
            return;
        }
        if (!_question.CheckedIn && _answer.WaitingSince is { } waiting && now - waiting >= Patience.CheckInAfter)
        {
            CheckIn();
            return;
        }
        if (!_answer.HeardSpeech)
        {
            return;
        }
        // Answers end when the Speech service has heard the turn end in the audio it analysed (TurnEnded). The
        // clock only serves a client that stopped sending audio, whose silence the service never gets to hear.
        // A pause in the audio itself (a network hiccup) is not the candidate's silence: the clock also waits for
        // the audio to have stopped for a while, so it never ends an answer that is merely late. After the answer's
        // recognition call failed (a Speech instance died), the call replacing it hears the silence but never the
        // turn's end: then the clock counts from the last speech heard, though audio still comes. The end is
        // provisional, as a heard one is; when it came for want of audio (a client whose connection was lost sends
        // what it recorded meanwhile once it is back), any audio inside the resume window continues the answer.
        var wait = Max(_answer.EstimatedWait ?? TurnDetection.MaxWait, AudioStallBeforeClockEnd) + TickInterval;
        var lastHeard = _answer.LastSpeechEndedAt > _lastAnswerAudioAt || _answer.RecognitionLost ? _answer.LastSpeechEndedAt : _lastAnswerAudioAt;
        if (now - lastHeard >= wait)
        {
            var stalled = now - _lastAnswerAudioAt >= wait;
            EndAnswerProvisionally(now, stalledAt: stalled ? _answer.AudioReceived : null);
        }
    }

    private void EndAnswer(AnswerEndReason reason)
    {
        StopSpeaking(interrupted: false);
        if (_recognition is { } recognition)
        {
            // Half-close and let the recognizer catch up with the audio it has queued (a client may send faster
            // than real time): the answer completes with its final results, or with what was heard by the grace.
            _endingAnswer = reason;
            HalfClose(recognition);
            Transition(SessionState.Thinking);
            return;
        }
        CompleteAnswer(reason, typedText: null);
    }

    private void OnText(TextInput input)
    {
        // A typed answer while a spoken one is provisional: the spoken one stands, and the text answers what follows.
        CommitPending();
        if (_state is SessionState.Created or SessionState.Finished or SessionState.Paused or SessionState.Thinking || _question is null || _endingAnswer is not null)
        {
            throw new SessionStateException($"The interviewer is not waiting for an answer (the session is {Describe(_state)}).");
        }
        if (!_running)
        {
            throw NotRunning();
        }
        AnswerInputArrived(input);
        CandidateSpeechResumed();
        StopSpeaking(interrupted: _state == SessionState.Speaking && _speaker?.FirstAudioAt is not null);
        AbandonAnswerAudio();
        CompleteAnswer(AnswerEndReason.Typed, input.Text.Trim());
        input.Reply.TrySetResult();
    }

    private void AbandonAnswerAudio()
    {
        if (_recognition is { } recognition)
        {
            _recognition = null;
            _ = recognition.DisposeAsync().AsTask();
        }
        _recognitionIdleClosed = false;
        _audioForNextCall.Clear();
        _audioAwaitingRecognition.ForEach(reply => reply.TrySetResult(_highestChunk));
        _audioAwaitingRecognition.Clear();
        _answer.Speaking = false;
    }

    private void CompleteAnswer(AnswerEndReason reason, string? typedText)
    {
        _endingAnswer = null;
        CommitAnswer(reason, typedText, _deps.Clock.GetUtcNow());
        if (_finishing)
        {
            BeginReport();
        }
        else if (_state == SessionState.Paused)
        {
            // Paused while the answer was being completed: the next move is fetched and held until resume.
            Think();
            Transition(SessionState.Paused);
        }
        else
        {
            Think();
        }
    }

    /// <summary>Stores the current answer as a turn, tells the candidate, has it scored, and clears the question.</summary>
    private void CommitAnswer(AnswerEndReason reason, string? typedText, DateTimeOffset endedAt)
    {
        AnswerCommitted(reason);
        var question = _question!;
        var turn = AnswerAsTurn(reason, typedText, endedAt);
        _question = null;
        var stored = new StoredTurn(turn, question.AskedAt, endedAt, reason, null) { Coding = TakeCodingTask(question) };
        _turns.Add(stored);
        _turnsSnapshot = [.. _turns];
        _writer.Enqueue(new SaveTurnWrite(stored));
        if (!turn.Typed && !turn.Skipped && _answer.Format is { } format && _answer.RetainedAudio() is { Length: > 0 } audio)
        {
            _writer.Enqueue(new SaveAnswerAudioWrite(turn.Index, format, audio, endedAt.AddDays(_options.AnswerAudioRetentionDays)));
        }
        Events.Append(new SessionEvent { AnswerCompleted = new AnswerCompleted { Turn = ProtoMapping.ToProto(stored), Reason = reason } });
        _answer = NewAnswer();
        Assess(turn);
    }

    /// <summary>The current answer as the turn it makes (for a provisional answer, the turn it would make).</summary>
    private AnsweredTurn AnswerAsTurn(AnswerEndReason reason, string? typedText, DateTimeOffset endedAt)
    {
        var question = _question!;
        var skipped = reason == AnswerEndReason.Skipped;
        var typed = typedText is not null;
        var answerDuration = endedAt - (question.ListeningSince ?? endedAt);
        var segments = typed || skipped ? [] : _answer.Segments.ToList();
        var turn = new AnsweredTurn(
            question.TurnIndex,
            question.Kind,
            question.QuestionIndex,
            question.Text,
            typedText ?? (skipped ? "" : _answer.Transcript),
            typed,
            skipped,
            segments,
            answerDuration,
            Attempt: question.Attempt);
        if (!typed && !skipped && segments.Count > 0)
        {
            turn = turn with { Analytics = _deps.Analyzer.Analyze(segments, answerDuration) };
        }
        return turn with { Coding = CodingOutcomeOf(question) };
    }
}
