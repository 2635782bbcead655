using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Benchmarks;

/// <summary>The interviewer's question (or follow-up) that began to play after the candidate last spoke.</summary>
/// <param name="UtteranceId">The utterance.</param>
/// <param name="FirstAudio">Its first audio, as received: playback starts then.</param>
internal sealed record PlayingQuestion(string UtteranceId, ReceivedEvent FirstAudio);

/// <summary>
/// One spoken interview on a Converse call: the offline interviewer, a microphone in a quiet room, and the log of
/// what came back, with the waits a candidate makes (for the interviewer to listen, for a question to play).
/// </summary>
internal sealed class ScriptedSession : IAsyncDisposable
{
    /// <summary>How long a candidate takes to start answering once the question has finished.</summary>
    public static readonly TimeSpan ThinkBeforeAnswering = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(90);

    // Listening that lasted this long after the candidate's last words is waiting for a new answer, however it began.
    private static readonly TimeSpan SettledListening = TimeSpan.FromSeconds(15);

    private readonly InterviewService.InterviewServiceClient _client;
    private readonly AsyncDuplexStreamingCall<ConverseRequest, ConverseResponse> _call;
    private readonly Microphone _microphone;
    private readonly List<Func<IReadOnlyList<Turn>, Task>> _atEnd = [];

    private ScriptedSession(InterviewService.InterviewServiceClient client, string id, AsyncDuplexStreamingCall<ConverseRequest, ConverseResponse> call, RoomNoise room)
    {
        _client = client;
        Id = id;
        _call = call;
        Log = new ConversationLog(new EventReader(call.ResponseStream));
        _microphone = new Microphone(call.RequestStream, room);
    }

    public string Id { get; }

    public ConversationLog Log { get; }

    /// <summary>When the candidate's last words were sent.</summary>
    public DateTimeOffset LastSaid { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>The microphone's worst lateness against its real-time schedule.</summary>
    public TimeSpan MicrophoneLateness => _microphone.MaxLateness;

    /// <summary>The microphone's worst lateness since the last call, starting the count over.</summary>
    public TimeSpan TakeMicrophoneLateness() => _microphone.TakeLateness();

    /// <summary>
    /// Creates a session of <paramref name="questions"/> technical questions and starts it on a Converse call;
    /// <paramref name="patience"/> unspecified leaves the field unset (the server's default).
    /// </summary>
    public static async Task<ScriptedSession> StartAsync(InterviewService.InterviewServiceClient client, RoomNoise room, int questions,
        Patience patience = Patience.Unspecified)
    {
        var session = (await client.CreateSessionAsync(new CreateSessionRequest
        {
            Config = new SessionConfig
            {
                Role = "backend",
                InterviewType = InterviewType.Technical,
                Difficulty = Difficulty.Medium,
                QuestionCount = questions,
                Spoken = true,
                Engine = InterviewerEngine.Offline,
                Patience = patience,
            },
        })).Session;
        var call = client.Converse();
        await call.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = session.Id, Start = true } });
        return new ScriptedSession(client, session.Id, call, room);
    }

    /// <summary>Says <paramref name="pcm"/> from the first chunk captured after <paramref name="notBefore"/>; completes when it is sent.</summary>
    public async Task<SaidAnswer> SayAsync(byte[] pcm, DateTimeOffset notBefore)
    {
        var said = await _microphone.SayAsync(pcm, thenDone: false, notBefore);
        LastSaid = said.Ended;
        return said;
    }

    /// <summary>
    /// Waits until the interviewer listens for a new answer: the session entered the listening state after the
    /// candidate's last words, and not because they spoke over the interviewer (which continues an answer).
    /// </summary>
    public Task<ReceivedEvent> WaitUntilListeningAsync() => Log.WaitForAsync("listening for a new answer", TurnTimeout, events =>
    {
        var last = LastIndex(events, e => e.StateChanged is not null);
        if (last < 0 || events[last].Event.StateChanged.Current != SessionState.Listening)
        {
            return null;
        }
        var listening = events[last];
        var now = DateTimeOffset.UtcNow;
        if (now - Later(listening.ReceivedAt, LastSaid) >= SettledListening)
        {
            return listening;
        }
        if (listening.ReceivedAt <= LastSaid)
        {
            return null;
        }
        for (var i = last - 1; i >= 0 && events[i].Event.StateChanged is null; i--)
        {
            if (events[i].Event.InterviewerInterrupted is not null)
            {
                return null;
            }
        }
        return listening;
    });

    /// <summary>Waits for a question or follow-up that begins to play after the candidate's last words.</summary>
    public Task<PlayingQuestion> WaitForQuestionAsync() => Log.WaitForAsync("a question playing", TurnTimeout, events =>
    {
        foreach (var received in events)
        {
            if (received.ReceivedAt > LastSaid && received.Event.InterviewerAudio is { Audio.Length: > 0 } audio && audio.Offset.ToTimeSpan() == TimeSpan.Zero
                && Log.Utterance(audio.UtteranceId)?.Kind is UtteranceKind.Question or UtteranceKind.FollowUp)
            {
                return new PlayingQuestion(audio.UtteranceId, received);
            }
        }
        return null;
    });

    /// <summary>Waits for the interviewer's first audio received after <paramref name="after"/> (its reply to what was said then).</summary>
    public Task<ReceivedEvent> WaitForReplyAsync(DateTimeOffset after) => Log.WaitForAsync("the interviewer's reply", TurnTimeout, events =>
        events.FirstOrDefault(e => e.ReceivedAt > after && e.Event.InterviewerAudio is { Audio.Length: > 0 }));

    /// <summary>The turn the interviewer is asking now: that of the last question or follow-up announced.</summary>
    public int CurrentTurnIndex()
    {
        var events = Log.Snapshot();
        var last = LastIndex(events, e => e.InterviewerUtterance?.Kind is UtteranceKind.Question or UtteranceKind.FollowUp);
        return last < 0 ? -1 : events[last].Event.InterviewerUtterance.TurnIndex;
    }

    /// <summary>Runs <paramref name="check"/> on the stored turns when the session is over.</summary>
    public void AtEnd(Func<IReadOnlyList<Turn>, Task> check) => _atEnd.Add(check);

    public async ValueTask DisposeAsync()
    {
        if (_atEnd.Count > 0)
        {
            // The last words said may have gone on an answer that is still open (a continuation after a wrong end): it
            // is stored when it ends, so wait for that, with the room still heard, before reading and ending the session.
            var lastSaid = LastSaid;
            try
            {
                await Log.WaitForAsync("the last answer to end", TimeSpan.FromSeconds(30), events =>
                    events.FirstOrDefault(e => e.ReceivedAt > lastSaid && e.Event.AnswerCompleted is not null));
            }
            catch (Exception e) when (e is TimeoutException or SessionFinishedException)
            {
                // The last words began no answer (a backchannel), or the interview is over.
            }
        }
        await _microphone.DisposeAsync();
        try
        {
            if (_atEnd.Count > 0)
            {
                var turns = (await _client.GetSessionAsync(new GetSessionRequest { SessionId = Id })).Turns;
                foreach (var check in _atEnd)
                {
                    await check(turns);
                }
            }
            if (!Log.Snapshot().Any(e => e.Event.ReportReady is not null))
            {
                await _client.EndSessionAsync(new EndSessionRequest { SessionId = Id });
            }
            await _call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // A session that already finished, or a call that already closed.
        }
        _call.Dispose();
    }

    public static int LastIndex(IReadOnlyList<ReceivedEvent> events, Func<SessionEvent, bool> match)
    {
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (match(events[i].Event))
            {
                return i;
            }
        }
        return -1;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
