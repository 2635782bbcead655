using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Rehearse.Console.Audio;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Interview.V1;

namespace Rehearse.Console.Interview;

/// <summary>How a practice conversation gets its answers and plays the interviewer.</summary>
/// <param name="Mode">Microphone, files or typed.</param>
/// <param name="AnswerFiles">With <see cref="AnswerMode.Files"/>: each answer as 16 kHz mono 16-bit PCM, in order.</param>
/// <param name="Microphone">With <see cref="AnswerMode.Microphone"/>: the running recorder.</param>
/// <param name="PlayInterviewer">Play the interviewer's audio.</param>
/// <param name="Realtime">Send answer files at real-time pace instead of as fast as possible.</param>
/// <param name="ReadKeys">Read single keys from the terminal (Enter, r, s, p, q; e, u, h for coding).</param>
/// <param name="Coding">The coding questions' code file, when one was given (--code).</param>
/// <param name="SubmitAtOnce">Run the examples and submit the code file as soon as each coding question is asked (--submit).</param>
public sealed record PracticeInputs(
    AnswerMode Mode, IReadOnlyList<byte[]> AnswerFiles, Microphone? Microphone, bool PlayInterviewer, bool Realtime, bool ReadKeys,
    CodingRound? Coding = null, bool SubmitAtOnce = false);

/// <summary>
/// Runs one interview over a Converse stream: sends answer audio (from the microphone or files), typed answers and
/// control actions; plays the interviewer's audio; feeds every event to the view; returns the report at the end.
/// </summary>
public sealed class PracticeConversation(InterviewService.InterviewServiceClient client, Session session, PracticeInputs inputs, IPracticeView view)
{
    // Interviewer audio asked for: the contract's default format, 24 kHz 16-bit mono.
    private const int PlaybackRate = 24000;
    private static readonly TimeSpan MaxTrailingSilence = TimeSpan.FromSeconds(20);
    private readonly Channel<ConverseRequest> _requests = Channel.CreateBounded<ConverseRequest>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    // Interviewer audio by utterance; an empty piece says the utterance was stopped (withdrawn, or the greeting
    // skipped): stop it now.
    private readonly Channel<(string UtteranceId, ReadOnlyMemory<byte> Audio)> _playback =
        Channel.CreateUnbounded<(string, ReadOnlyMemory<byte>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, bool> _stopped = new();
    // Stands in the turns to answer for the feedback of practice mode: the next file or typed line chooses to try the
    // question again or continue.
    private const int Review = -1;
    // Turns that are waiting for an answer, in order: a file or a typed line answers each.
    private readonly Channel<int> _turnsToAnswer = Channel.CreateUnbounded<int>();
    // Coding questions to run and submit at once (--submit), by turn.
    private readonly Channel<int> _codingToSubmit = Channel.CreateUnbounded<int>();
    private volatile SessionState _state = SessionState.Created;
    // What the interviewer is saying: while it is the greeting, s skips it.
    private volatile UtteranceKind _speaking = UtteranceKind.Unspecified;
    private volatile int _askedTurn = -1;
    private int _offeredTurn = -1;
    private volatile int _answeredTurn = -1;

    /// <summary>Runs the interview to its report.</summary>
    public async Task<Report> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = client.Converse(deadline: Deadlines.After(Deadlines.Open), cancellationToken: stop.Token);
        var helpers = new List<Task> { WriteRequestsAsync(call.RequestStream, stop.Token) };
        await SendAsync(new ConverseRequest
        {
            Start = new ConverseStart
            {
                SessionId = session.Id,
                Start = true,
                InputAudioFormat = new AudioFormat { SampleRateHertz = AnswerAudio.SampleRate, Encoding = AudioEncoding.Linear16 },
                OutputAudioFormat = new AudioFormat { SampleRateHertz = PlaybackRate, Encoding = AudioEncoding.Linear16 },
            },
        }, stop.Token);
        if (inputs.PlayInterviewer)
        {
            helpers.Add(PlayAsync(stop.Token));
        }
        helpers.Add(inputs.Mode switch
        {
            AnswerMode.Files => AnswerFromFilesAsync(stop.Token),
            AnswerMode.Typed => AnswerTypedAsync(stop.Token),
            _ => ForwardMicrophoneAsync(stop.Token),
        });
        if (inputs.ReadKeys && inputs.Mode != AnswerMode.Typed)
        {
            helpers.Add(ReadKeysAsync(stop.Token));
        }
        if (inputs is { Coding: not null, SubmitAtOnce: true })
        {
            helpers.Add(SubmitAtOnceAsync(stop.Token));
        }

        try
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                if (response.Event is not { } sessionEvent)
                {
                    continue;
                }
                if (sessionEvent.EventCase == SessionEvent.EventOneofCase.ReportReady)
                {
                    break;
                }
                Handle(sessionEvent);
            }
            // The report is written (or the stream ended with the session): fetch it.
            return (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id },
                deadline: Deadlines.ForUnary(), cancellationToken: cancellationToken)).Report;
        }
        finally
        {
            _requests.Writer.TryComplete();
            _playback.Writer.TryComplete();
            _turnsToAnswer.Writer.TryComplete();
            _codingToSubmit.Writer.TryComplete();
            await stop.CancelAsync();
            await Task.WhenAll(helpers.Select(IgnoreCancellation));
        }
    }

    private void Handle(SessionEvent sessionEvent)
    {
        switch (sessionEvent.EventCase)
        {
            case SessionEvent.EventOneofCase.StateChanged:
                var change = sessionEvent.StateChanged;
                _state = change.Current;
                view.OnState(change);
                // Listening for a question not yet offered: the next file or typed line answers it.
                if (change.Current == SessionState.Listening && _askedTurn > _offeredTurn)
                {
                    _offeredTurn = _askedTurn;
                    _turnsToAnswer.Writer.TryWrite(_askedTurn);
                    if (inputs is { SubmitAtOnce: true, Coding: { } coding } && coding.IsOpenFor(_askedTurn))
                    {
                        _codingToSubmit.Writer.TryWrite(_askedTurn);
                    }
                }
                else if (change.Current == SessionState.Reviewing)
                {
                    _turnsToAnswer.Writer.TryWrite(Review);
                }
                break;
            case SessionEvent.EventOneofCase.InterviewerUtterance:
                var utterance = sessionEvent.InterviewerUtterance;
                _speaking = utterance.Kind;
                if (utterance.Kind is UtteranceKind.Question or UtteranceKind.FollowUp)
                {
                    _askedTurn = Math.Max(_askedTurn, utterance.TurnIndex);
                }
                if (utterance.IsComplete)
                {
                    view.OnInterviewer(utterance);
                }
                break;
            case SessionEvent.EventOneofCase.InterviewerAudio:
                var audio = sessionEvent.InterviewerAudio;
                if (inputs.PlayInterviewer && audio.Audio.Length > 0)
                {
                    _playback.Writer.TryWrite((audio.UtteranceId, audio.Audio.Memory));
                }
                break;
            case SessionEvent.EventOneofCase.InterviewerInterrupted:
                var interrupted = sessionEvent.InterviewerInterrupted;
                if (inputs.PlayInterviewer && _stopped.TryAdd(interrupted.UtteranceId, true))
                {
                    _playback.Writer.TryWrite((interrupted.UtteranceId, ReadOnlyMemory<byte>.Empty));
                }
                view.OnInterrupted(interrupted);
                break;
            case SessionEvent.EventOneofCase.ListeningUpdate:
                view.OnListening(sessionEvent.ListeningUpdate);
                break;
            case SessionEvent.EventOneofCase.Transcript:
                view.OnTranscript(sessionEvent.Transcript);
                break;
            case SessionEvent.EventOneofCase.AnswerCompleted:
                _answeredTurn = Math.Max(_answeredTurn, sessionEvent.AnswerCompleted.Turn?.Index ?? _askedTurn);
                view.OnAnswer(sessionEvent.AnswerCompleted);
                break;
            case SessionEvent.EventOneofCase.AnswerScored:
                view.OnScore(sessionEvent.AnswerScored);
                break;
            case SessionEvent.EventOneofCase.AnswerFeedback:
                view.OnFeedback(sessionEvent.AnswerFeedback);
                break;
            case SessionEvent.EventOneofCase.CodingUpdate:
                inputs.Coding?.OnUpdate(sessionEvent.CodingUpdate);
                break;
            case SessionEvent.EventOneofCase.Notice:
                view.OnNotice(sessionEvent.Notice.Level, sessionEvent.Notice.Message);
                break;
        }
    }

    private async Task WriteRequestsAsync(IClientStreamWriter<ConverseRequest> stream, CancellationToken cancellationToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(cancellationToken))
        {
            await stream.WriteAsync(request, cancellationToken);
        }
        await stream.CompleteAsync();
    }

    private ValueTask SendAsync(ConverseRequest request, CancellationToken cancellationToken) =>
        _requests.Writer.WriteAsync(request, cancellationToken);

    private ValueTask SendControlAsync(ControlAction action, CancellationToken cancellationToken) =>
        SendAsync(new ConverseRequest { Control = action }, cancellationToken);

    private async Task AnswerFromFilesAsync(CancellationToken cancellationToken)
    {
        var next = 0;
        await foreach (var turn in _turnsToAnswer.Reader.ReadAllAsync(cancellationToken))
        {
            if (turn == Review)
            {
                // One file per question: the feedback is shown, and the interview goes on.
                await SendControlAsync(ControlAction.Continue, cancellationToken);
                continue;
            }
            if (inputs.Coding?.IsOpenFor(turn) == true)
            {
                continue; // answered with code: the keys or --submit
            }
            if (next == inputs.AnswerFiles.Count)
            {
                view.OnNotice(NoticeLevel.Info, "No answer files left: ending the interview.");
                await SendControlAsync(ControlAction.End, cancellationToken);
                return;
            }
            var audio = inputs.AnswerFiles[next++];
            var clock = Stopwatch.StartNew();
            for (var offset = 0; offset < audio.Length; offset += AnswerAudio.ChunkBytes)
            {
                if (inputs.Realtime)
                {
                    var ahead = TimeSpan.FromSeconds(offset / 2.0 / AnswerAudio.SampleRate) - clock.Elapsed;
                    if (ahead > TimeSpan.Zero)
                    {
                        await Task.Delay(ahead, cancellationToken);
                    }
                }
                var chunk = audio.AsMemory(offset, Math.Min(AnswerAudio.ChunkBytes, audio.Length - offset));
                await SendAsync(new ConverseRequest { Audio = ByteString.CopyFrom(chunk.Span) }, cancellationToken);
            }
            await FinishSpokenAnswerAsync(turn, cancellationToken);
        }
    }

    // After the recording, the room goes quiet as it would after speaking: silence in real time lets the service
    // end the answer on its own once its recognizer has caught up. If it does not, "done answering" ends it.
    private async Task FinishSpokenAnswerAsync(int turn, CancellationToken cancellationToken)
    {
        var silence = ByteString.CopyFrom(new byte[AnswerAudio.ChunkBytes]);
        var waited = Stopwatch.StartNew();
        while (_answeredTurn < turn && waited.Elapsed < MaxTrailingSilence)
        {
            if (_state == SessionState.Listening)
            {
                await SendAsync(new ConverseRequest { Audio = silence }, cancellationToken);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        if (_answeredTurn < turn)
        {
            await SendControlAsync(ControlAction.DoneAnswering, cancellationToken);
        }
    }

    private async Task AnswerTypedAsync(CancellationToken cancellationToken)
    {
        await foreach (var turn in _turnsToAnswer.Reader.ReadAllAsync(cancellationToken))
        {
            if (inputs.SubmitAtOnce && inputs.Coding?.IsOpenFor(turn) == true)
            {
                continue; // answered with the code file
            }
            while (true)
            {
                // Console.In cannot be cancelled; the read runs on its own so cancellation is not held up.
                var line = await Task.Run(System.Console.In.ReadLine, cancellationToken).WaitAsync(cancellationToken);
                if (line is null)
                {
                    view.OnNotice(NoticeLevel.Info, "No more input: ending the interview.");
                    await SendControlAsync(ControlAction.End, cancellationToken);
                    return;
                }
                line = line.Trim();
                if (turn == Review)
                {
                    // At the feedback: /again tries the question again, anything else without a command continues.
                    var choice = TypedCommand(line) ?? ControlAction.Continue;
                    await SendControlAsync(choice, cancellationToken);
                    if (choice is ControlAction.RedoAnswer or ControlAction.Continue or ControlAction.End)
                    {
                        break;
                    }
                    continue;
                }
                if (line.Length == 0)
                {
                    continue;
                }
                if (inputs.Coding is { } coding && coding.IsOpenFor(turn))
                {
                    if (await CodingCommandAsync(coding, line, cancellationToken) is { } submitted)
                    {
                        if (submitted)
                        {
                            break;
                        }
                        continue;
                    }
                    if (!line.StartsWith('/'))
                    {
                        view.OnNotice(NoticeLevel.Info, "A coding question is open: /run runs the examples, /submit submits the code, /hint asks for a hint. " +
                            "Talk through your approach out loud, or type it after submitting (a typed line would end the question without your code).");
                        continue;
                    }
                }
                if (TypedCommand(line) is { } action)
                {
                    if (action == ControlAction.Pause && _state == SessionState.Paused)
                    {
                        action = ControlAction.Resume;
                    }
                    await SendControlAsync(action, cancellationToken);
                    if (action == ControlAction.RedoAnswer && await QuestionAskedAgainAsync(cancellationToken))
                    {
                        // The question is asked anew: its turn is offered like any other.
                        break;
                    }
                    if (action is ControlAction.SkipQuestion or ControlAction.End)
                    {
                        break;
                    }
                    continue;
                }
                await SendAsync(new ConverseRequest { Text = line }, cancellationToken);
                break;
            }
        }
    }

    // A refused redo (nothing answered yet, or the next question already asked) leaves the current question waiting
    // for its answer; an accepted one asks the question again at once.
    private async Task<bool> QuestionAskedAgainAsync(CancellationToken cancellationToken)
    {
        var asked = _askedTurn;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(3))
        {
            if (_askedTurn > asked)
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        return false;
    }

    // A coding command typed during a coding question: null when the line is none; else whether the code was submitted.
    private async Task<bool?> CodingCommandAsync(CodingRound coding, string line, CancellationToken cancellationToken)
    {
        switch (line.ToLowerInvariant())
        {
            case "/run":
                await coding.RunExamplesAsync(cancellationToken);
                return false;
            case "/submit":
                return await coding.SubmitAsync(cancellationToken);
            case "/hint":
                await SendControlAsync(ControlAction.Hint, cancellationToken);
                return false;
            default:
                return null;
        }
    }

    // --submit: each coding question is answered with the code file as it stands: the examples, then every test.
    private async Task SubmitAtOnceAsync(CancellationToken cancellationToken)
    {
        var coding = inputs.Coding!;
        await foreach (var turn in _codingToSubmit.Reader.ReadAllAsync(cancellationToken))
        {
            await coding.RunExamplesAsync(cancellationToken);
            if (!await coding.SubmitAsync(cancellationToken))
            {
                view.OnNotice(NoticeLevel.Warning, $"The code was not submitted: skipping question {turn + 1}.");
                await SendControlAsync(ControlAction.SkipQuestion, cancellationToken);
            }
        }
    }

    private static ControlAction? TypedCommand(string line) => line.ToLowerInvariant() switch
    {
        "/r" or "/repeat" => ControlAction.RepeatQuestion,
        "/s" or "/skip" => ControlAction.SkipQuestion,
        "/a" or "/again" => ControlAction.RedoAnswer,
        "/c" or "/continue" => ControlAction.Continue,
        "/p" or "/pause" => ControlAction.Pause,
        "/resume" => ControlAction.Resume,
        "/q" or "/end" or "/quit" => ControlAction.End,
        _ => null,
    };

    private async Task ForwardMicrophoneAsync(CancellationToken cancellationToken)
    {
        var microphone = inputs.Microphone!;
        await foreach (var chunk in microphone.ReadChunksAsync(cancellationToken))
        {
            // Only answers are sent: the interviewer's own voice from the speakers must not reach the recognizer.
            // While it thinks nothing plays, and speech then may be the answer going on (its reply is withdrawn).
            if (_state is SessionState.Listening or SessionState.Thinking)
            {
                await SendAsync(new ConverseRequest { Audio = ByteString.CopyFrom(chunk.Span) }, cancellationToken);
            }
        }
        view.OnNotice(NoticeLevel.Warning, $"The microphone stopped ({microphone.StopReason}). Press q to end the interview.");
    }

    private async Task ReadKeysAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!System.Console.KeyAvailable)
            {
                await Task.Delay(50, cancellationToken);
                continue;
            }
            var key = System.Console.ReadKey(intercept: true);
            if (inputs.Coding is { IsOpen: true } coding && key.Key is ConsoleKey.E or ConsoleKey.U or ConsoleKey.H)
            {
                // Runs go off the key loop, so pause or end still work while one runs.
                _ = key.Key switch
                {
                    ConsoleKey.E => coding.RunExamplesAsync(cancellationToken),
                    ConsoleKey.U => coding.SubmitAsync(cancellationToken),
                    _ => SendControlAsync(ControlAction.Hint, cancellationToken).AsTask(),
                };
                continue;
            }
            ControlAction? action = key.Key switch
            {
                ConsoleKey.Enter when _state == SessionState.Listening => ControlAction.DoneAnswering,
                ConsoleKey.Enter or ConsoleKey.C when _state == SessionState.Reviewing => ControlAction.Continue,
                ConsoleKey.A => ControlAction.RedoAnswer,
                ConsoleKey.R => ControlAction.RepeatQuestion,
                // Stopping the greeting goes straight to the first question.
                ConsoleKey.S when _state == SessionState.Speaking && _speaking == UtteranceKind.Greeting => ControlAction.Interrupt,
                ConsoleKey.S => ControlAction.SkipQuestion,
                ConsoleKey.P => _state == SessionState.Paused ? ControlAction.Resume : ControlAction.Pause,
                ConsoleKey.Q => ControlAction.End,
                _ => null,
            };
            if (action is { } control)
            {
                await SendControlAsync(control, cancellationToken);
            }
        }
    }

    private async Task PlayAsync(CancellationToken cancellationToken)
    {
        AudioPlayer? player = null;
        try
        {
            await foreach (var (utteranceId, audio) in _playback.Reader.ReadAllAsync(cancellationToken))
            {
                if (_stopped.ContainsKey(utteranceId))
                {
                    if (audio.IsEmpty && player is not null)
                    {
                        // What the player has buffered of it goes too; the next utterance starts a new one.
                        player.Dispose();
                        player = null;
                    }
                    continue;
                }
                if (player is null)
                {
                    player = AudioPlayer.TryStart(PlaybackRate);
                    if (player is null)
                    {
                        view.OnNotice(NoticeLevel.Warning, $"{AudioPlayer.NoPlayerMessage}: the interviewer is shown as text only.");
                        return;
                    }
                }
                await player.WriteAsync(audio, cancellationToken);
            }
        }
        catch (CliException e)
        {
            view.OnNotice(NoticeLevel.Warning, $"{e.Message}: the interviewer is shown as text only.");
            // Keep draining so the event loop never waits on playback.
            await foreach (var _ in _playback.Reader.ReadAllAsync(cancellationToken))
            {
            }
        }
        finally
        {
            player?.Dispose();
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException or ChannelClosedException or InvalidOperationException)
        {
            // the conversation is over; its outcome is the report or the main loop's error
        }
    }
}
