using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Interview.UnitTests.Fakes;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests;

/// <summary>
/// Runs one session actor over the fakes and reads its event log, so a test reads as a scenario: time moves only
/// when the test advances the fake clock, and each expected event is awaited with a short real-time timeout.
/// </summary>
internal sealed class SessionDriver : IAsyncDisposable
{
    /// <summary>Real time an expected event may take to appear (it normally takes well under a millisecond).</summary>
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The candidate's audio: 16 kHz LINEAR16, 32,000 bytes a second.</summary>
    public static readonly CandidateAudioFormat Format = new(16_000, Float32: false);

    public static readonly IReadOnlyList<PlannedQuestion> Plan =
    [
        new("q1", "How would you design a job queue?", ["retries"], null),
        new("q2", "How do you find a memory leak?", ["profiler"], null),
    ];

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly List<SessionEvent> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly SessionDependencies _deps;
    private Task _reader = Task.CompletedTask;
    private int _cursor;
    private long _chunk;

    private SessionDriver(SessionSettings settings, InterviewOptions options)
    {
        Settings = settings;
        Options = options;
        _deps = new SessionDependencies(
            Store, Speech, CodeRunner, Interviewer, new SpeechAnalyzer(new SpeechAnalyticsOptions()),
            Microsoft.Extensions.Options.Options.Create(options), NullLoggerFactory.Instance, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public FakeSpeech Speech { get; } = new();

    public FakeCodeRunner CodeRunner { get; } = new();

    public InMemorySessionStore Store { get; } = new();

    public ScriptedInterviewer Interviewer { get; } = new();

    public SessionSettings Settings { get; }

    public InterviewOptions Options { get; }

    public SessionActor Actor { get; private set; } = null!;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A new session over the fakes: spoken, 30 s answers, normal patience (default timings), waiting for playback.
    /// </summary>
    public static async Task<SessionDriver> CreateAsync(
        Func<SessionSettings, SessionSettings>? configure = null, InterviewOptions? options = null, IReadOnlyList<PlannedQuestion>? plan = null)
    {
        plan ??= Plan;
        var settings = new SessionSettings(
            "backend", InterviewType.Technical, Difficulty.Medium, plan.Count, "", null, null, InterviewerEngine.Offline,
            Spoken: true, AnswerTimeLimit: TimeSpan.FromSeconds(30), EndOfAnswerSilence: null, Patience.Normal)
        {
            CodingQuestionCount = plan.Count(q => q.Coding is not null),
        };
        var driver = new SessionDriver(configure?.Invoke(settings) ?? settings, options ?? new InterviewOptions());
        await driver.Store.CreateSessionAsync(Guid.NewGuid(), driver.Settings, plan, "Backend", [], Ct);
        await driver.LoadAsync();
        return driver;
    }

    /// <summary>Starts the session and plays the greeting and the first question, up to listening for its answer.</summary>
    public static async Task<SessionDriver> ListeningToFirstAnswerAsync(
        Func<SessionSettings, SessionSettings>? configure = null, InterviewOptions? options = null, IReadOnlyList<PlannedQuestion>? plan = null)
    {
        var driver = await CreateAsync(configure, options, plan);
        await driver.Actor.ControlAsync(ControlAction.Start, Ct);
        await driver.PlayAsync(UtteranceKind.Greeting);
        await driver.ListenToQuestionAsync(0);
        return driver;
    }

    /// <summary>Stops the actor as a service stopping does (its writes are flushed) and loads a new one from the store.</summary>
    public async Task RestartAsync()
    {
        await StopActorAsync();
        await LoadAsync();
    }

    // ---- Events ------------------------------------------------------------------------------------------------

    /// <summary>The next event (after the last one matched) that matches.</summary>
    public async Task<SessionEvent> NextAsync(Func<SessionEvent, bool> match, string what) =>
        await TryNextAsync(match, EventTimeout) ?? throw new TimeoutException($"No {what}. Events since the last match:\n{Describe(_cursor)}");

    public Task<SessionEvent?> TryNextAsync(Func<SessionEvent, bool> match, TimeSpan timeout) => FindAsync(match, timeout, moveOn: true);

    /// <summary>
    /// Any event so far or to come that matches, without moving past the events in between: for what happens
    /// alongside the conversation in no fixed order (the store's notices).
    /// </summary>
    public async Task<SessionEvent> AnyAsync(Func<SessionEvent, bool> match, string what) =>
        await FindAsync(match, EventTimeout, moveOn: false) ?? throw new TimeoutException($"No {what}. Events:\n{Describe(0)}");

    private async Task<SessionEvent?> FindAsync(Func<SessionEvent, bool> match, TimeSpan timeout, bool moveOn)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_events)
            {
                for (var i = moveOn ? _cursor : 0; i < _events.Count; i++)
                {
                    if (match(_events[i]))
                    {
                        _cursor = moveOn ? i + 1 : _cursor;
                        return _events[i];
                    }
                }
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left, Ct))
            {
                return null;
            }
        }
    }

    public async Task<SessionEvent> StateAsync(SessionState state) =>
        await NextAsync(e => e.StateChanged?.Current == state, $"change to {state}");

    public async Task<Notice> NoticeAsync(string code) => (await NextAsync(e => e.Notice?.Code == code, $"notice {code}")).Notice;

    /// <summary>Waits until <paramref name="condition"/> holds (something the session does off its events), failing after the event timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + EventTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(1, Ct);
        }
    }

    public async Task<InterviewerUtterance> UtteranceAsync(UtteranceKind kind) =>
        (await NextAsync(e => e.InterviewerUtterance is { IsComplete: true } u && u.Kind == kind, $"complete {kind} utterance")).InterviewerUtterance;

    public async Task<AnswerCompleted> AnswerCompletedAsync() => (await NextAsync(e => e.AnswerCompleted is not null, "completed answer")).AnswerCompleted;

    /// <summary>Every event received so far, of any kind.</summary>
    public IReadOnlyList<SessionEvent> Received
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    // ---- Time --------------------------------------------------------------------------------------------------

    /// <summary>Advances the clock, then lets the session handle the ticks that fell due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await SettleAsync();
    }

    /// <summary>
    /// Advances the clock by <paramref name="by"/> and awaits an event that falls due then; a tick at a time more
    /// if the session's timer had not been armed yet.
    /// </summary>
    public async Task<SessionEvent> AdvanceUntilAsync(TimeSpan by, Func<SessionEvent, bool> match, string what)
    {
        Clock.Advance(by);
        for (var extra = 0; extra < 10; extra++)
        {
            if (await TryNextAsync(match, TimeSpan.FromMilliseconds(200)) is { } found)
            {
                return found;
            }
            Clock.Advance(Tick);
        }
        return await NextAsync(match, what);
    }

    /// <summary>
    /// Waits until the session has handled what is already in its inbox (ticks posted by the clock included): a
    /// request that every state refuses makes the round trip through the session's loop.
    /// </summary>
    public async Task SettleAsync()
    {
        await Task.Delay(5, Ct);
        try
        {
            await Actor.ControlAsync(ControlAction.Unspecified, Ct);
        }
        catch (SessionException)
        {
        }
    }

    // ---- The interviewer speaking ------------------------------------------------------------------------------

    /// <summary>
    /// Waits for an utterance of this kind to be sent, then lets its audio play out: the session listens after a
    /// question or a check-in and thinks after anything else.
    /// </summary>
    public async Task<InterviewerUtterance> PlayAsync(UtteranceKind kind)
    {
        var utterance = await UtteranceAsync(kind);
        await NextAsync(e => e.InterviewerAudio is { IsLast: true } a && a.UtteranceId == utterance.UtteranceId, $"end of {kind} audio");
        var next = kind is UtteranceKind.Question or UtteranceKind.FollowUp or UtteranceKind.CheckIn or UtteranceKind.Hint ? SessionState.Listening : SessionState.Thinking;
        await AdvanceUntilAsync(Speech.UtteranceDuration, e => e.StateChanged?.Current == next, $"{next} after the {kind}");
        return utterance;
    }

    /// <summary>
    /// After the turn detector heard the answer end: waits for the interviewer's reply, lets it play until the
    /// provisional answer is committed (the reply here is shorter than the resume window) and returns the answer.
    /// </summary>
    public async Task<AnswerCompleted> ReplyAndCommitAsync(UtteranceKind reply = UtteranceKind.Question)
    {
        var utterance = await UtteranceAsync(reply);
        await NextAsync(e => e.InterviewerAudio is { IsLast: true } a && a.UtteranceId == utterance.UtteranceId, $"end of {reply} audio");
        return (await AdvanceUntilAsync(Speech.UtteranceDuration, e => e.AnswerCompleted is not null, "answer committed after the reply")).AnswerCompleted;
    }

    /// <summary>Plays question <paramref name="questionIndex"/> and waits until the session listens for its answer.</summary>
    public async Task<InterviewerUtterance> ListenToQuestionAsync(int questionIndex)
    {
        var utterance = await PlayAsync(UtteranceKind.Question);
        Assert.Equal(questionIndex, utterance.QuestionIndex);
        return utterance;
    }

    // ---- The candidate -----------------------------------------------------------------------------------------

    /// <summary>Sends this much answer audio as the next chunk; returns the session's reply (the highest chunk received).</summary>
    public async Task<long> SendAudioAsync(TimeSpan duration) => await (await QueueAudioAsync(duration)).WaitAsync(Ct);

    /// <summary>Queues this much answer audio as the next chunk without waiting for the session's reply.</summary>
    public Task<Task<long>> QueueAudioAsync(TimeSpan duration)
    {
        var bytes = (int)(duration.TotalSeconds * Format.SampleRateHertz) * Format.BytesPerSample;
        return Actor.QueueAudioAsync(new byte[bytes], Format, Interlocked.Increment(ref _chunk), Ct);
    }

    /// <summary>Sends <paramref name="total"/> of audio in 100 ms chunks.</summary>
    public async Task SendAudioInChunksAsync(TimeSpan total)
    {
        for (var sent = TimeSpan.Zero; sent < total; sent += Tick)
        {
            await SendAudioAsync(Tick);
        }
    }

    /// <summary>Streams answer audio at real-time pace: the clock moves with each 100 ms chunk.</summary>
    public async Task StreamAsync(TimeSpan total)
    {
        for (var sent = TimeSpan.Zero; sent < total; sent += Tick)
        {
            Clock.Advance(Tick);
            await SendAudioAsync(Tick);
        }
        await SettleAsync();
    }

    public Task ControlAsync(ControlAction action) => Actor.ControlAsync(action, Ct);

    public SessionState State => Actor.Snapshot().State;

    public async ValueTask DisposeAsync()
    {
        Store.Down = false;
        await StopActorAsync();
        _stop.Dispose();
    }

    private async Task LoadAsync()
    {
        var id = Store.SessionId;
        var session = await Store.LoadSessionAsync(id, Ct) ?? throw new InvalidOperationException("No session in the store.");
        var events = await Store.LoadEventsAsync(id, Ct);
        Actor = new SessionActor(new LoadedSession(session, events), _deps);
        var subscription = Actor.Events.Subscribe(afterSequence: events.Count == 0 ? 0 : events[^1].Sequence);
        _reader = Task.Run(async () =>
        {
            using (subscription)
            {
                try
                {
                    await foreach (var sessionEvent in subscription.ReadAllAsync(_stop.Token))
                    {
                        lock (_events)
                        {
                            _events.Add(sessionEvent);
                        }
                        _arrived.Release();
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    private async Task StopActorAsync()
    {
        await Actor.DisposeAsync();
        Actor.Events.Complete();
        await _reader;
    }

    private string Describe(int from)
    {
        lock (_events)
        {
            return string.Join('\n', _events.Skip(from).Where(e => e.InterviewerAudio is null).Select(e => $"  {e}"));
        }
    }
}
