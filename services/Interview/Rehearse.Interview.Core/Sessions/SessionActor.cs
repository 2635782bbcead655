using System.Diagnostics;
using System.Threading.Channels;
using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// One running interview. A single loop owns the session's state and handles its inputs one at a time from a
/// bounded queue: audio, typed answers and control actions from the candidate, and the results of the work it
/// starts (the interviewer's next move, speech, recognition, assessments, the report). Every transition is an
/// event. Slow work never runs on the loop, so pause, skip and end always answer promptly.
/// </summary>
/// <remarks>
/// The class is split by concern into partial files: this one holds the loop, the inputs and the transitions;
/// <c>.Control</c> the candidate's control actions; <c>.Speaking</c> the interviewer's utterances; <c>.Listening</c>
/// the answer (audio, recognition, end of answer); <c>.Recovery</c> taking turns (the provisional answer and its
/// withdrawn reply, the patience settings, the check-in); <c>.Practice</c> feedback on the spot and answer attempts; <c>.Interviewer</c> the engine's work (next move,
/// assessments, the report). They share one state because one loop owns it; what needs no shared state lives in its own class
/// (<see cref="SessionEvents"/>, <see cref="UtteranceSpeaker"/>, <see cref="AnswerRecognition"/>,
/// <see cref="AnswerCapture"/>, <see cref="SessionWriter"/>).
/// </remarks>
public sealed partial class SessionActor : IAsyncDisposable
{
    /// <summary>How often timers (playback end, the resume window, the check-in, the answer time limit) are checked.</summary>
    internal static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

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
    // Read by the session manager to count a user's running sessions; written only by the loop.
    private volatile bool _running;
    private int _questionIndex;
    // Tags the interviewer's work (thinking, speaking) so results of superseded work are ignored.
    private int _generation;
    private bool _finishing;
    private bool _speechOutage;
    private AudioFormat _outputFormat = new() { Encoding = AudioEncoding.Linear16, SampleRateHertz = 24_000 };

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
        _writer = new SessionWriter(
            Id, deps.Store, deps.Logger, deps.Clock,
            available => _inbox.Writer.TryWrite(new StorageAvailability(available)),
            refused => _inbox.Writer.TryWrite(new StoreWriteRefused(refused)),
            deps.Telemetry);
        Events = new SessionEventLog(Id, loaded.Events, _options.SubscriberQueueCapacity, e => _writer.Enqueue(new AppendEventWrite(e)), deps.Clock);
        _interviewer = deps.Interviewers.Create(ProtoMapping.ToEngineKind(Settings.Engine), OnInterviewerNotice);
        _answer = NewAnswer();
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

    /// <summary>True from START until the session finishes (while paused too), as long as it stays loaded.</summary>
    public bool IsRunning => _running && _summary.State != SessionState.Finished;

    private SessionSettings Settings => _summary.Settings;

    /// <summary>The session as it is now.</summary>
    public SessionSummary Snapshot() => _summary with { LastSequence = Events.LastSequence };

    /// <summary>The committed turns.</summary>
    public IReadOnlyList<StoredTurn> Turns => _turnsSnapshot;

    /// <summary>Completes when the session has finished and its report is written.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Waits until every change so far is in the store.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    /// <summary>Carries out a control action; completes when it has taken effect (for END, when the report is written).</summary>
    /// <exception cref="SessionException">The action is not possible now, or invalid.</exception>
    public async Task ControlAsync(ControlAction action, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new ControlInput(action, reply), cancellationToken);
        await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Delivers answer audio; returns the highest chunk number received.</summary>
    /// <exception cref="SessionException">Audio is not accepted now, or the speech service is unavailable.</exception>
    public async Task<long> SendAudioAsync(ReadOnlyMemory<byte> audio, Speech.CandidateAudioFormat format, long chunkSequence, CancellationToken cancellationToken) =>
        await (await QueueAudioAsync(audio, format, chunkSequence, cancellationToken)).WaitAsync(cancellationToken);

    /// <summary>
    /// Queues answer audio in order and returns without waiting for the session to take it: the returned task
    /// completes with the highest chunk number received, or fails as <see cref="SendAudioAsync"/> would. For
    /// callers that go on reading other input (a control action must not wait behind audio).
    /// </summary>
    public async Task<Task<long>> QueueAudioAsync(ReadOnlyMemory<byte> audio, Speech.CandidateAudioFormat format, long chunkSequence, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new AudioInput(audio, format, chunkSequence, reply), cancellationToken);
        return reply.Task;
    }

    /// <summary>Delivers a typed answer.</summary>
    /// <exception cref="SessionException">The interviewer is not waiting for an answer.</exception>
    public async Task SendTextAsync(string text, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new TextInput(text, reply), cancellationToken);
        await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sets the format of interviewer audio from now on (the latest subscriber's choice wins).</summary>
    public void RequestOutputFormat(AudioFormat format) => _inbox.Writer.TryWrite(new OutputFormatInput(format));

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _lifetime.CancelAsync();
        await Task.WhenAll(_loop, _ticker).ContinueWith(_ => { }, TaskScheduler.Default);
        var unloaded = new SessionUnavailableException("The session is being unloaded; retry.");
        _audioAwaitingRecognition.ForEach(reply => reply.TrySetException(unloaded));
        while (_inbox.Reader.TryRead(out var input))
        {
            input.Fail(unloaded);
        }
        _endWaiters.ForEach(waiter => waiter.TrySetException(unloaded));
        _speaking?.Cancel();
        _thinking?.Cancel();
        EndSpans();
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
            throw new SessionUnavailableException("The session is being unloaded; retry.");
        }
    }

    private void Post(SessionInput input)
    {
        // Results of background work: the loop must see them, so wait for room rather than drop.
        _ = _inbox.Writer.WriteAsync(input, CancellationToken.None).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task TickAsync()
    {
        // The loops outlive the call that loaded the session: their work is traced under the answers, not under it.
        Activity.Current = null;
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
        Activity.Current = null;
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
                        Handle(input);
                    }
                    catch (SessionException e)
                    {
                        input.Fail(e);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !_lifetime.IsCancellationRequested)
                    {
                        LogHandlerFailed(_deps.Logger, e, Id, input.GetType().Name);
                        input.Fail(new SessionFaultException("The session could not handle the request.", e));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
    }

    private void Handle(SessionInput input)
    {
        switch (input)
        {
            case ControlInput control:
                OnControl(control);
                break;
            case AudioInput audio:
                OnAudio(audio);
                break;
            case TextInput text:
                OnText(text);
                break;
            case CodeRunInput run:
                OnCodeRun(run);
                break;
            case CodeRunDone run:
                OnCodeRunDone(run);
                break;
            case MoveReady ready when ready.Generation == _generation:
                OnMoveReady(ready.Move);
                break;
            case MoveFailed failed when failed.Generation == _generation:
                OnMoveFailed(failed.Error);
                break;
            case UtteranceTextComplete text when text.Generation == _generation:
                OnUtteranceText(text.Text);
                break;
            case UtteranceSpoken spoken when spoken.Generation == _generation:
                OnUtteranceSpoken(spoken.Outcome);
                break;
            case RecognitionOpened opened when _recognition?.Generation == opened.Generation:
                OnRecognitionOpened(opened.Error);
                break;
            case RecognitionUpdate update when _recognition?.Generation == update.Generation:
                OnRecognition(update.Event);
                break;
            case RecognitionEnded ended when _recognition?.Generation == ended.Generation:
                OnRecognitionEnded(ended.Error);
                break;
            case AssessmentDone assessed:
                OnAssessed(assessed);
                break;
            case ReportDone report:
                OnReport(report);
                break;
            case Tick:
                OnTick();
                break;
            case StorageAvailability storage:
                Events.Append(SessionEvents.StorageAvailability(storage.Available));
                break;
            case StoreWriteRefused { Write: not AppendEventWrite { Event.Notice.Code: SessionEvents.WriteRefusedCode } } refused:
                // A refused notice of a refusal is only logged, so that refusals cannot feed on each other.
                Events.Append(SessionEvents.WriteRefused(refused.Write));
                break;
            case OutputFormatInput format:
                _outputFormat = format.Format;
                break;
            default:
                // A result of work that was cancelled or superseded.
                break;
        }
    }

    private void OnTick()
    {
        var now = _deps.Clock.GetUtcNow();
        if (_state == SessionState.Speaking && _utteranceAudioDone && now >= _playbackEnd)
        {
            FinishSpeaking();
        }
        else if (_endingAnswer is { } reason && now >= _recognitionFlushDeadline && _recognition is not null)
        {
            // The speech service did not finish in time (or never opened the call): keep what was heard, and
            // release audio still waiting for the call to open.
            AbandonAnswerAudio();
            CompleteAnswer(reason, typedText: null);
        }
        else if (_recognitionIdleClosed && now >= _recognitionFlushDeadline)
        {
            // The idle call did not finish in time: it is dropped, and audio waiting for the next call gets one.
            OnRecognitionEnded(error: null);
        }
        else
        {
            CheckResumeWindow();
            CloseIdleRecognition();
            CheckEndOfAnswer();
        }
    }

    // ---- Transitions, notices, helpers -------------------------------------------------------------------------

    private void Transition(SessionState next)
    {
        if (_state == next)
        {
            return;
        }
        var previous = _state;
        _state = next;
        Events.Append(SessionEvents.StateChanged(previous, next, _questionIndex, _plan.Count));
        _summary = _summary with { State = next, QuestionIndex = _questionIndex, UpdatedAt = _deps.Clock.GetUtcNow() };
        _writer.Enqueue(new UpdateSessionWrite(new SessionProgressUpdate(
            next, _questionIndex, _summary.UpdatedAt, _summary.EndedAt, _summary.OverallScore, Events.LastSequence)));
    }

    private void Notice(NoticeLevel level, string code, string message) => Events.Append(SessionEvents.Notice(level, code, message));

    private void OnInterviewerNotice(InterviewerNotice notice) =>
        Events.Append(new SessionEvent { Notice = ProtoMapping.ToProto(notice) });

    private SessionUnavailableException SpeechFailed(Exception error, string message)
    {
        LogSpeechFailed(_deps.Logger, Id, error.Message);
        if (!_speechOutage)
        {
            _speechOutage = true;
            Notice(NoticeLevel.Warning, "speech_unavailable", message);
        }
        return new SessionUnavailableException($"The Speech service is unavailable: {message}", error);
    }

    private void SpeechBack()
    {
        if (_speechOutage)
        {
            _speechOutage = false;
            Notice(NoticeLevel.Info, "speech_restored", "Speech is back.");
        }
    }

    /// <summary>The session as the engine works from it: each question's last attempt (see <see cref="CurrentAttempts"/>).</summary>
    private InterviewProgress Progress() => new(_setup, _plan, CurrentAttempts());

    /// <summary>The session as the report covers it: every attempt, so the report can set them side by side.</summary>
    private InterviewProgress ReportProgress() => new(_setup, _plan, _turns.Select(t => t.Turn).ToList());

    private static SessionStateException NotRunning() =>
        new("The session is not running (the service restarted): send CONTROL_ACTION_START to continue it.");

    private static string Describe(SessionState state) => state switch
    {
        SessionState.Created => "not started",
        SessionState.Speaking => "speaking",
        SessionState.Listening => "listening",
        SessionState.Thinking => "thinking",
        SessionState.Paused => "paused",
        SessionState.Finished => "finished",
        SessionState.Reviewing => "reviewing feedback",
        _ => "in an unknown state",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: handling {Input} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid sessionId, string input);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the Speech service failed: {Reason}")]
    private static partial void LogSpeechFailed(ILogger logger, Guid sessionId, string reason);
}
