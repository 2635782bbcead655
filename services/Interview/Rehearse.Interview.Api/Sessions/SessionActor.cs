using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehearse.Interview.Api.Hosting;
using Rehearse.Interview.Api.Infrastructure;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;
using InterviewAudioEncoding = Rehearse.Interview.V1.AudioEncoding;
using SpeechAudioEncoding = Rehearse.Speech.V1.AudioEncoding;
using SpeechAudioFormat = Rehearse.Speech.V1.AudioFormat;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>
/// One running interview. A single loop owns the session's state and handles its inputs one at a time from a
/// bounded queue: audio, typed answers and control actions from the candidate, and the results of the work it
/// starts (the interviewer's next move, speech, recognition, assessments, the report). Every transition is an
/// event. Slow work never runs on the loop, so pause, skip and end always answer promptly.
/// </summary>
internal sealed partial class SessionActor : IAsyncDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    private readonly SessionDependencies _deps;
    private readonly InterviewOptions _options;
    private readonly Channel<SessionInput> _inbox;
    private readonly SessionWriter _writer;
    private readonly IInterviewer _interviewer;
    private readonly InterviewSetup _setup;
    private readonly IReadOnlyList<PlannedQuestion> _plan;
    private readonly List<StoredTurn> _turns;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TaskCompletionSource> _endWaiters = [];
    private readonly Task _loop;
    private readonly Task _ticker;

    private volatile SessionSummary _summary;
    private volatile StoredTurn[] _turnsSnapshot;
    private SessionState _state;
    private bool _running;
    private int _questionIndex;
    // Tags the interviewer's work (thinking, speaking) so results of superseded work are ignored.
    private int _generation;
    // Tags recognition calls. Kept apart from the interviewer's: a microphone that streams while the interviewer
    // speaks opens a call, and must not make the utterance being spoken look superseded.
    private int _recognitionGeneration;
    private int _pendingAssessments;
    private bool _finishing;
    private bool _reportStarted;
    private AnswerEndReason? _endingAnswer;
    private DateTimeOffset _recognitionFlushDeadline;
    private bool _speechOutage;
    private SpeechAudioFormat _outputFormat = new() { Encoding = SpeechAudioEncoding.Linear16, SampleRateHertz = 24_000 };
    private long _highestChunk;

    // The utterance being spoken.
    private CancellationTokenSource? _speaking;
    private UtteranceSpeaker? _speaker;
    private string _utteranceId = "";
    private MoveKind _utteranceKind;
    private bool _utteranceAudioDone;
    private DateTimeOffset _playbackEnd;

    // The interviewer deciding what to say.
    private CancellationTokenSource? _thinking;
    private InterviewerMove? _heldMove;
    private SessionState _pausedFrom;

    // The question being asked and its answer.
    private CurrentQuestion? _question;
    private AnswerCapture _answer = new();
    private AnswerRecognition? _recognition;

    public SessionActor(LoadedSession loaded, SessionDependencies deps)
    {
        _deps = deps;
        _options = deps.Options;
        var stored = loaded.Session;
        _summary = stored.Summary;
        _state = stored.Summary.State;
        _questionIndex = stored.Summary.QuestionIndex;
        _setup = ProtoMapping.ToSetup(stored.Summary.Settings);
        _plan = stored.Plan;
        _turns = [.. stored.Turns];
        _turnsSnapshot = [.. _turns];
        _inbox = Channel.CreateBounded<SessionInput>(new BoundedChannelOptions(_options.InputQueueCapacity) { SingleReader = true });
        _writer = new SessionWriter(Id, deps.Store, deps.Logger, available => _inbox.Writer.TryWrite(new StorageAvailability(available)));
        Events = new SessionEventLog(Id, loaded.Events, _options.SubscriberQueueCapacity, e => _writer.Enqueue(new AppendEventWrite(e)));
        _interviewer = deps.Interviewers.Create(ProtoMapping.ToEngineKind(Settings.Engine), OnInterviewerNotice);
        if (_state == SessionState.Finished)
        {
            Events.Complete();
            _finished.TrySetResult();
        }
        LastActivity = deps.Clock.GetUtcNow();
        _loop = Task.Run(RunAsync);
        _ticker = Task.Run(TickAsync);
    }

    /// <summary>The session id.</summary>
    public Guid Id => _summary.Id;

    /// <summary>The owner.</summary>
    public Guid UserId => _summary.UserId;

    /// <summary>The session's event log.</summary>
    public SessionEventLog Events { get; }

    /// <summary>When the session last received input or did work.</summary>
    public DateTimeOffset LastActivity { get; private set; }

    /// <summary>True when nothing is going on: not running (or finished), and nobody listening.</summary>
    public bool IsIdle => (!_running || _summary.State == SessionState.Finished) && Events.SubscriberCount == 0;

    private SessionSettings Settings => _summary.Settings;

    /// <summary>The session as it is now.</summary>
    public SessionSummary Snapshot() => _summary with { LastSequence = Events.LastSequence };

    /// <summary>The committed turns.</summary>
    public IReadOnlyList<StoredTurn> Turns => _turnsSnapshot;

    /// <summary>Completes when the session has finished and its report is written.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Waits until every change so far is in the database.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    /// <summary>Carries out a control action; completes when it has taken effect (for END, when the report is written).</summary>
    public async Task ControlAsync(ControlAction action, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new ControlInput(action, reply), cancellationToken);
        await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Delivers answer audio; returns the highest chunk number received.</summary>
    public async Task<long> SendAudioAsync(ReadOnlyMemory<byte> audio, CandidateAudioFormat format, long chunkSequence, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new AudioInput(audio, format, chunkSequence, reply), cancellationToken);
        return await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Delivers a typed answer.</summary>
    public async Task SendTextAsync(string text, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new TextInput(text, reply), cancellationToken);
        await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sets the format of interviewer audio from now on (the latest subscriber's choice wins).</summary>
    public void RequestOutputFormat(SpeechAudioFormat format) => _inbox.Writer.TryWrite(new OutputFormatInput(format));

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _lifetime.CancelAsync();
        await Task.WhenAll(_loop, _ticker).ContinueWith(_ => { }, TaskScheduler.Default);
        _speaking?.Cancel();
        _thinking?.Cancel();
        if (_recognition is not null)
        {
            await _recognition.DisposeAsync();
        }
        await _writer.DisposeAsync();
        _lifetime.Dispose();
    }

    private async Task PostAsync(SessionInput input, CancellationToken cancellationToken)
    {
        try
        {
            await _inbox.Writer.WriteAsync(input, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The session is being unloaded; retry."));
        }
    }

    private void Post(SessionInput input)
    {
        // Results of background work: the loop must see them, so wait for room rather than drop.
        _ = _inbox.Writer.WriteAsync(input, CancellationToken.None).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TickInterval, _deps.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_lifetime.Token))
            {
                _inbox.Writer.TryWrite(new Tick());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync()
    {
        var reader = _inbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_lifetime.Token))
            {
                while (reader.TryRead(out var input))
                {
                    if (input is not Tick)
                    {
                        LastActivity = _deps.Clock.GetUtcNow();
                    }
                    try
                    {
                        await HandleAsync(input);
                    }
                    catch (RpcException e)
                    {
                        Fail(input, e);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !_lifetime.IsCancellationRequested)
                    {
                        LogHandlerFailed(_deps.Logger, e, Id, input.GetType().Name);
                        Fail(input, new RpcException(new Status(StatusCode.Internal, "The session could not handle the request.")));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
    }

    private static void Fail(SessionInput input, RpcException error)
    {
        switch (input)
        {
            case ControlInput control:
                control.Reply.TrySetException(error);
                break;
            case AudioInput audio:
                audio.Reply.TrySetException(error);
                break;
            case TextInput text:
                text.Reply.TrySetException(error);
                break;
        }
    }

    private Task HandleAsync(SessionInput input)
    {
        switch (input)
        {
            case ControlInput control:
                OnControl(control);
                return Task.CompletedTask;
            case AudioInput audio:
                return OnAudioAsync(audio);
            case TextInput text:
                OnText(text);
                return Task.CompletedTask;
            case MoveReady ready when ready.Generation == _generation:
                OnMoveReady(ready.Move);
                return Task.CompletedTask;
            case MoveFailed failed when failed.Generation == _generation:
                OnMoveFailed(failed.Error);
                return Task.CompletedTask;
            case UtteranceTextComplete text when text.Generation == _generation:
                OnUtteranceText(text.Text);
                return Task.CompletedTask;
            case UtteranceSpoken spoken when spoken.Generation == _generation:
                OnUtteranceSpoken(spoken.Outcome);
                return Task.CompletedTask;
            case RecognitionUpdate update when _recognition?.Generation == update.Generation:
                OnRecognition(update.Response);
                return Task.CompletedTask;
            case RecognitionEnded ended when _recognition?.Generation == ended.Generation:
                return OnRecognitionEndedAsync(ended.Error);
            case AssessmentDone assessed:
                OnAssessed(assessed);
                return Task.CompletedTask;
            case ReportDone report:
                OnReport(report);
                return Task.CompletedTask;
            case Tick:
                return OnTickAsync();
            case StorageAvailability storage:
                Notice(storage.Available ? NoticeLevel.Info : NoticeLevel.Warning,
                    storage.Available ? "storage_restored" : "storage_unavailable",
                    storage.Available
                        ? "The database is back; everything from the interview so far is saved."
                        : "The database is unreachable. The interview goes on and is saved as soon as it is back.");
                return Task.CompletedTask;
            case OutputFormatInput format:
                _outputFormat = format.Format;
                return Task.CompletedTask;
            default:
                // A result of work that was cancelled or superseded.
                return Task.CompletedTask;
        }
    }

    // ---- Control ----------------------------------------------------------------------------------------------

    private void OnControl(ControlInput input)
    {
        var action = input.Action;
        if (_state == SessionState.Finished)
        {
            throw Precondition("The session has finished.");
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
            case ControlAction.DoneAnswering:
                if (_state != SessionState.Listening || _endingAnswer is not null)
                {
                    throw Precondition($"There is no answer in progress (the session is {Describe(_state)}).");
                }
                EndAnswer(AnswerEndReason.Done);
                break;
            case ControlAction.RepeatQuestion:
                RequireQuestion("repeat");
                AbandonAnswerAudio();
                AskAgain();
                break;
            case ControlAction.SkipQuestion:
                RequireQuestion("skip");
                StopSpeaking(interrupted: false);
                AbandonAnswerAudio();
                CompleteAnswer(AnswerEndReason.Skipped, typedText: null);
                break;
            case ControlAction.Interrupt:
                if (_state == SessionState.Speaking && _question is not null)
                {
                    BargeIn();
                }
                break;
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"action: {action} is not a control action."));
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
            throw Precondition($"The session cannot be paused while {Describe(_state)}.");
        }
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
        if (_state != SessionState.Paused)
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
            throw Precondition($"There is no question to {verb} (the session is {Describe(_state)}).");
        }
    }

    // ---- Speaking ---------------------------------------------------------------------------------------------

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
                _answer = new AnswerCapture();
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
            ? new SynthesisConfig { Voice = Settings.Voice, AudioFormat = _outputFormat.Clone() }
            : null;
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _speaking = cancellation;
        var speaker = new UtteranceSpeaker(_deps.Speech, Events);
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
            Events.Append(new SessionEvent
            {
                InterviewerInterrupted = new InterviewerInterrupted { UtteranceId = _utteranceId, Played = Duration.FromTimeSpan(played) },
            });
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
        _question = _question! with { ListeningSince = _deps.Clock.GetUtcNow() };
        Transition(SessionState.Listening);
    }

    // ---- Thinking ---------------------------------------------------------------------------------------------

    private void Think()
    {
        Transition(SessionState.Thinking);
        var generation = ++_generation;
        var progress = Progress();
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        cancellation.CancelAfter(_options.InterviewerTimeout);
        _thinking = cancellation;
        _ = Task.Run(async () =>
        {
            try
            {
                var move = await _interviewer.NextMoveAsync(progress, cancellation.Token);
                Post(new MoveReady(generation, move));
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Post(new MoveFailed(generation, e));
            }
        });
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
    }

    private void OnMoveReady(InterviewerMove move)
    {
        _thinking = null;
        if (_finishing)
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
        _thinking = null;
        LogInterviewerFailed(_deps.Logger, error, Id);
        Notice(NoticeLevel.Error, "interviewer_unavailable",
            "The interviewer could not continue. Your answers so far are saved: resume later, or end the interview for a report.");
        if (_state != SessionState.Paused)
        {
            _pausedFrom = SessionState.Thinking;
            Transition(SessionState.Paused);
        }
    }

    // ---- Listening --------------------------------------------------------------------------------------------

    private async Task OnAudioAsync(AudioInput input)
    {
        if (input.ChunkSequence > 0 && input.ChunkSequence <= _highestChunk)
        {
            input.Reply.TrySetResult(_highestChunk);
            return;
        }
        if (_state is SessionState.Created or SessionState.Finished)
        {
            throw Precondition($"Audio cannot be sent while the session is {Describe(_state)}.");
        }
        if (!_running)
        {
            throw NotRunning();
        }
        _highestChunk = Math.Max(_highestChunk, input.ChunkSequence);
        var accepting = _question is not null && _endingAnswer is null
            && (_state == SessionState.Listening || (_state == SessionState.Speaking && _utteranceKind is MoveKind.Question or MoveKind.FollowUp));
        if (!accepting)
        {
            // Microphones keep streaming between answers; audio outside an answer is not part of one.
            input.Reply.TrySetResult(_highestChunk);
            return;
        }
        if (_answer.Format is { } format && format != input.Format)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"format: an answer's audio keeps one format; this answer started as {format.SampleRateHertz} Hz {(format.Float32 ? "FLOAT32" : "LINEAR16")}."));
        }
        if (_recognition is null)
        {
            try
            {
                _answer.RecognitionBase = _answer.AudioReceived;
                var speechFormat = new SpeechAudioFormat
                {
                    Encoding = input.Format.Float32 ? SpeechAudioEncoding.Float32 : SpeechAudioEncoding.Linear16,
                    SampleRateHertz = input.Format.SampleRateHertz,
                    ChannelCount = 1,
                };
                _recognition = await AnswerRecognition.OpenAsync(_deps.Speech, speechFormat, Settings.AnswerTimeLimit, ++_recognitionGeneration, _inbox.Writer, _lifetime.Token);
            }
            catch (RpcException e)
            {
                throw SpeechFailed(e, "Speech recognition is unavailable: type your answer, or keep talking once it is back.");
            }
        }
        if (!_recognition.TryWrite(input.Audio))
        {
            throw SpeechFailed(new RpcException(new Status(StatusCode.Unavailable, "recognition queue full")),
                "Speech recognition is falling behind; some audio was not heard.");
        }
        _answer.AddAudio(input.Audio.Span, input.Format);
        input.Reply.TrySetResult(_highestChunk);
        CheckEndOfAnswer();
    }

    private void OnRecognition(StreamingRecognizeResponse response)
    {
        SpeechBack();
        var turnIndex = _question?.TurnIndex ?? _turns.Count;
        var offsetBase = _answer.RecognitionBase;
        if (response.SpeechEvent is { } speech)
        {
            var offset = offsetBase + (speech.Offset?.ToTimeSpan() ?? TimeSpan.Zero);
            var began = speech.Type == SpeechEventType.SpeechBegan;
            _answer.Speaking = began;
            if (began)
            {
                _answer.HeardSpeech = true;
            }
            else
            {
                _answer.LastSpeechEnd = offset;
                _answer.LastSpeechEndedAt = _deps.Clock.GetUtcNow();
            }
            Events.Append(new SessionEvent
            {
                CandidateSpeech = new CandidateSpeech { Speaking = began, TurnIndex = turnIndex, Offset = Duration.FromTimeSpan(offset) },
            });
            if (began && _state == SessionState.Speaking && _question is not null && _endingAnswer is null)
            {
                BargeIn();
            }
            return;
        }
        if (response.Result is not { } result)
        {
            return;
        }
        var start = offsetBase + (result.StartOffset?.ToTimeSpan() ?? TimeSpan.Zero);
        var end = offsetBase + (result.EndOffset?.ToTimeSpan() ?? TimeSpan.Zero);
        var segmentIndex = _answer.SegmentCount;
        Events.Append(new SessionEvent
        {
            Transcript = new TranscriptUpdate
            {
                TurnIndex = turnIndex,
                Text = result.Transcript,
                IsFinal = result.IsFinal,
                SegmentIndex = segmentIndex,
                StartOffset = Duration.FromTimeSpan(start),
                EndOffset = Duration.FromTimeSpan(end),
                Stability = result.IsFinal ? 1 : result.Stability,
            },
        });
        if (result.IsFinal)
        {
            if (!string.IsNullOrWhiteSpace(result.Transcript))
            {
                _answer.AddSegment(new AnswerSegment(result.Transcript.Trim(), start, end, result.AcousticFeatures?.Hesitations.Count ?? 0));
                _answer.HeardSpeech = true;
            }
            if (!_answer.Speaking)
            {
                _answer.LastSpeechEnd = end;
            }
        }
    }

    private async Task OnRecognitionEndedAsync(Exception? error)
    {
        var recognition = _recognition!;
        _recognition = null;
        await recognition.DisposeAsync();
        _answer.Speaking = false;
        if (error is RpcException rpc && rpc.StatusCode != StatusCode.Cancelled)
        {
            SpeechFailed(rpc, "Speech recognition stopped; what was heard so far is kept. Keep talking, or type your answer.");
        }
        if (_endingAnswer is { } reason)
        {
            CompleteAnswer(reason, typedText: null);
        }
    }

    private Task OnTickAsync()
    {
        var now = _deps.Clock.GetUtcNow();
        if (_state == SessionState.Speaking && _utteranceAudioDone && now >= _playbackEnd)
        {
            FinishSpeaking();
        }
        else if (_endingAnswer is { } reason && now >= _recognitionFlushDeadline && _recognition is { } recognition)
        {
            // The Speech service did not finish in time: keep what was heard.
            _recognition = null;
            _ = recognition.DisposeAsync().AsTask();
            CompleteAnswer(reason, typedText: null);
        }
        else
        {
            CheckEndOfAnswer();
        }
        return Task.CompletedTask;
    }

    private void CheckEndOfAnswer()
    {
        if (_state != SessionState.Listening || _endingAnswer is not null || _question?.ListeningSince is not { } since)
        {
            return;
        }
        var now = _deps.Clock.GetUtcNow();
        if (now - since >= Settings.AnswerTimeLimit)
        {
            EndAnswer(AnswerEndReason.TimeLimit);
            return;
        }
        if (!_answer.HeardSpeech || _answer.Speaking)
        {
            return;
        }
        var silence = Settings.EndOfAnswerSilence;
        // Audio time serves clients that stream faster than real time; the clock serves clients that stop sending.
        if (_answer.AudioReceived - _answer.LastSpeechEnd >= silence || now - _answer.LastSpeechEndedAt >= silence + TickInterval)
        {
            EndAnswer(AnswerEndReason.Silence);
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
            _recognitionFlushDeadline = _deps.Clock.GetUtcNow() + _deps.Speech.RecognitionGrace;
            recognition.Complete();
            Transition(SessionState.Thinking);
            return;
        }
        CompleteAnswer(reason, typedText: null);
    }

    private void OnText(TextInput input)
    {
        if (_state is SessionState.Created or SessionState.Finished or SessionState.Paused or SessionState.Thinking || _question is null || _endingAnswer is not null)
        {
            throw Precondition($"The interviewer is not waiting for an answer (the session is {Describe(_state)}).");
        }
        if (!_running)
        {
            throw NotRunning();
        }
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
        _answer.Speaking = false;
    }

    private void CompleteAnswer(AnswerEndReason reason, string? typedText)
    {
        _endingAnswer = null;
        var question = _question!;
        _question = null;
        var now = _deps.Clock.GetUtcNow();
        var skipped = reason == AnswerEndReason.Skipped;
        var typed = typedText is not null;
        var answerDuration = now - (question.ListeningSince ?? now);
        var segments = typed || skipped ? [] : _answer.Segments.ToList();
        var samples = typed || skipped ? [] : _answer.Samples();
        var turn = new AnsweredTurn(
            question.TurnIndex,
            question.Kind,
            question.QuestionIndex,
            question.Text,
            typedText ?? (skipped ? "" : _answer.Transcript),
            typed,
            skipped,
            segments,
            answerDuration);
        if (!typed && !skipped && segments.Count > 0)
        {
            turn = turn with { Analytics = _deps.Analyzer.Analyze(segments, answerDuration) };
        }
        var stored = new StoredTurn(turn, question.AskedAt, now, reason, null);
        _turns.Add(stored);
        _turnsSnapshot = [.. _turns];
        _writer.Enqueue(new SaveTurnWrite(stored));
        if (_options.AnswerAudioRetention == AnswerAudioRetention.Days && samples.Length > 0)
        {
            _writer.Enqueue(new SaveAnswerAudioWrite(turn.Index, AnswerCapture.SampleRate,
                Rehearse.Speech.Audio.PcmCodec.Encode(samples, Rehearse.Speech.Audio.SampleEncoding.Linear16),
                now.AddDays(_options.AnswerAudioRetentionDays)));
        }
        Events.Append(new SessionEvent { AnswerCompleted = new AnswerCompleted { Turn = ProtoMapping.ToProto(stored), Reason = reason } });
        _answer = new AnswerCapture();
        Assess(turn);
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

    // ---- Scoring and the report -------------------------------------------------------------------------------

    private void Assess(AnsweredTurn turn)
    {
        _pendingAssessments++;
        var progress = Progress();
        _ = Task.Run(async () =>
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            cancellation.CancelAfter(_options.InterviewerTimeout);
            try
            {
                var assessment = await _interviewer.AssessAsync(progress, turn, cancellation.Token);
                Post(new AssessmentDone(turn.Index, assessment, null));
            }
            catch (Exception e) when (!_lifetime.IsCancellationRequested)
            {
                Post(new AssessmentDone(turn.Index, null, e));
            }
        });
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
            Events.Append(new SessionEvent { AnswerScored = new AnswerScored { TurnIndex = done.TurnIndex, Scores = ProtoMapping.ToProto(assessment.Scores) } });
        }
        else if (done.Error is { } error)
        {
            LogAssessmentFailed(_deps.Logger, error, Id, done.TurnIndex);
            Notice(NoticeLevel.Warning, "assessment_failed", $"Answer {done.TurnIndex + 1} could not be scored; the report covers the others.");
        }
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
        var progress = Progress();
        var assessments = _turns.Where(t => t.Assessment is not null).Select(t => t.Assessment!).ToList();
        _ = Task.Run(async () =>
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            cancellation.CancelAfter(_options.InterviewerTimeout);
            try
            {
                Post(new ReportDone(await _interviewer.WriteReportAsync(progress, assessments, cancellation.Token), null));
            }
            catch (Exception e) when (!_lifetime.IsCancellationRequested)
            {
                Post(new ReportDone(null, e));
            }
        });
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

    // ---- Events, notices, helpers -----------------------------------------------------------------------------

    private void Transition(SessionState next)
    {
        if (_state == next)
        {
            return;
        }
        var previous = _state;
        _state = next;
        Events.Append(new SessionEvent
        {
            StateChanged = new StateChanged { Previous = previous, Current = next, QuestionIndex = _questionIndex, QuestionCount = _plan.Count },
        });
        _summary = _summary with { State = next, QuestionIndex = _questionIndex, UpdatedAt = _deps.Clock.GetUtcNow() };
        _writer.Enqueue(new UpdateSessionWrite(new SessionProgressUpdate(
            next, _questionIndex, _summary.UpdatedAt, _summary.EndedAt, _summary.OverallScore, Events.LastSequence)));
    }

    private void Notice(NoticeLevel level, string code, string message) =>
        Events.Append(new SessionEvent { Notice = new Notice { Level = level, Code = code, Message = message } });

    private void OnInterviewerNotice(InterviewerNotice notice) =>
        Events.Append(new SessionEvent { Notice = ProtoMapping.ToProto(notice) });

    private RpcException SpeechFailed(Exception error, string message)
    {
        LogSpeechFailed(_deps.Logger, Id, error.Message);
        if (!_speechOutage)
        {
            _speechOutage = true;
            Notice(NoticeLevel.Warning, "speech_unavailable", message);
        }
        return new RpcException(new Status(StatusCode.Unavailable, $"The Speech service is unavailable: {message}"));
    }

    private void SpeechBack()
    {
        if (_speechOutage)
        {
            _speechOutage = false;
            Notice(NoticeLevel.Info, "speech_restored", "Speech is back.");
        }
    }

    private InterviewProgress Progress() => new(_setup, _plan, _turns.Select(t => t.Turn).ToList());

    private static RpcException Precondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    private static RpcException NotRunning() =>
        Precondition("The session is not running (the service restarted): send CONTROL_ACTION_START to continue it.");

    private static string Describe(SessionState state) => state switch
    {
        SessionState.Created => "not started",
        SessionState.Speaking => "speaking",
        SessionState.Listening => "listening",
        SessionState.Thinking => "thinking",
        SessionState.Paused => "paused",
        SessionState.Finished => "finished",
        _ => "in an unknown state",
    };

    /// <summary>The question being asked and answered.</summary>
    private sealed record CurrentQuestion(MoveKind Kind, int QuestionIndex, int TurnIndex, string Text, DateTimeOffset AskedAt)
    {
        public DateTimeOffset? ListeningSince { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: handling {Input} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid sessionId, string input);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the interviewer failed to say what comes next")]
    private static partial void LogInterviewerFailed(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: assessing turn {TurnIndex} failed")]
    private static partial void LogAssessmentFailed(ILogger logger, Exception exception, Guid sessionId, int turnIndex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: writing the report failed")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the Speech service failed: {Reason}")]
    private static partial void LogSpeechFailed(ILogger logger, Guid sessionId, string reason);
}
