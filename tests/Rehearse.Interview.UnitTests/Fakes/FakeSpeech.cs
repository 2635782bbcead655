using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Google.Protobuf;
using Rehearse.Interview.Core.Speech;

namespace Rehearse.Interview.UnitTests.Fakes;

/// <summary>
/// A speech service the test drives: synthesis returns a few pieces of audio of set durations, recognition calls
/// are handed to the test, which reads the audio written and pushes what the recognizer "heard". Set
/// <see cref="Down"/> and every new call fails as an unreachable service does.
/// </summary>
internal sealed class FakeSpeech : ISpeechPort
{
    private readonly Channel<FakeRecognitionCall> _calls = Channel.CreateUnbounded<FakeRecognitionCall>();
    private readonly List<string> _synthesized = [];

    public TimeSpan RecognitionGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>New syntheses and recognition calls throw <see cref="SpeechUnavailableException"/>.</summary>
    public volatile bool Down;

    /// <summary>Pieces of audio each synthesis returns, and how long each plays.</summary>
    public int PiecesPerUtterance { get; set; } = 2;

    public TimeSpan PieceDuration { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an utterance plays.</summary>
    public TimeSpan UtteranceDuration => PieceDuration * PiecesPerUtterance;

    /// <summary>When set, opening a recognition call waits for it (never completing it: the open hangs).</summary>
    public TaskCompletionSource? OpenGate { get; set; }

    /// <summary>Texts synthesized, in order.</summary>
    public IReadOnlyList<string> Synthesized
    {
        get
        {
            lock (_synthesized)
            {
                return [.. _synthesized];
            }
        }
    }

    public async IAsyncEnumerable<SynthesizedAudio> SynthesizeAsync(
        string text, SynthesisSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        ThrowIfDown();
        lock (_synthesized)
        {
            _synthesized.Add(text);
        }
        for (var i = 0; i < PiecesPerUtterance; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new SynthesizedAudio(ByteString.CopyFrom(new byte[16]), 24_000, PieceDuration, 0, text);
        }
    }

    public Task<IStreamingSynthesis> OpenStreamingSynthesisAsync(SynthesisSettings settings, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The scripted interviewer says every move at once; streaming synthesis is not used.");

    /// <summary>The turn detection the last recognition call asked for.</summary>
    public TurnDetectionSettings? LastTurnDetection { get; private set; }

    public async Task<IRecognitionCall> OpenRecognitionAsync(
        CandidateAudioFormat format, TimeSpan answerTimeLimit, TurnDetectionSettings turnDetection, CancellationToken cancellationToken)
    {
        LastTurnDetection = turnDetection;
        if (OpenGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        ThrowIfDown();
        var call = new FakeRecognitionCall(format);
        _calls.Writer.TryWrite(call);
        return call;
    }

    /// <summary>The next recognition call the session opens.</summary>
    public async Task<FakeRecognitionCall> NextCallAsync()
    {
        using var timeout = new CancellationTokenSource(SessionDriver.EventTimeout);
        try
        {
            return await _calls.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The session opened no recognition call.");
        }
    }

    /// <summary>Whether the session opened a recognition call that the test has not taken yet.</summary>
    public bool HasPendingCall => _calls.Reader.Count > 0;

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new SpeechUnavailableException("Speech service unreachable (test).");
        }
    }
}

/// <summary>One recognition call: records the audio written; the test pushes results and ends it.</summary>
internal sealed class FakeRecognitionCall(CandidateAudioFormat format) : IRecognitionCall
{
    private readonly Channel<RecognitionEvent> _results = Channel.CreateUnbounded<RecognitionEvent>();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _bytes;

    public CandidateAudioFormat Format => format;

    /// <summary>Audio written so far, as time.</summary>
    public TimeSpan AudioWritten => format.DurationOf(Interlocked.Read(ref _bytes));

    /// <summary>Completes when the session half-closes the call (no more audio follows).</summary>
    public Task Completed => _completed.Task;

    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Disposed => _disposed.Task.IsCompleted;

    /// <summary>Completes when the session has disposed of the call (it does so off its loop).</summary>
    public Task WhenDisposed => _disposed.Task.WaitAsync(SessionDriver.EventTimeout);

    public Task WriteAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken)
    {
        // As a gRPC call does once it has failed.
        if (_results.Reader.Completion.IsFaulted)
        {
            throw new SpeechUnavailableException("The recognition call has failed.");
        }
        Interlocked.Add(ref _bytes, audio.Length);
        return Task.CompletedTask;
    }

    public Task CompleteAsync()
    {
        _completed.TrySetResult();
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<RecognitionEvent> ReadAllAsync(CancellationToken cancellationToken) => _results.Reader.ReadAllAsync(cancellationToken);

    public void SpeechBegan(TimeSpan offset) => Push(new VoiceActivity(true, offset));

    public void SpeechEnded(TimeSpan offset) => Push(new VoiceActivity(false, offset));

    public void Heard(string transcript, TimeSpan start, TimeSpan end, bool isFinal = true) =>
        Push(new RecognizedSpeech(transcript, isFinal, isFinal ? 1 : 0.5f, start, end));

    public void TurnBegan(TimeSpan offset, string words = "so") => Push(new TurnBegan(offset, words));

    public void Backchannel(TimeSpan offset, string transcript = "yeah") => Push(new Backchannel(offset, transcript));

    public void Estimate(TimeSpan offset, float probability, TimeSpan wait, params TurnCue[] cues) =>
        Push(new EndOfTurnEstimate(offset, probability, wait, cues));

    public void TurnEnded(TimeSpan offset, float probability = 0.8f, TimeSpan? wait = null, params TurnCue[] cues) =>
        Push(new TurnEnded(offset, probability, wait ?? TimeSpan.FromSeconds(0.5), cues));

    /// <summary>
    /// A whole utterance as the Speech service reports it with turn detection: speech began, the turn began, the
    /// final transcript, speech ended and the end-of-turn estimate.
    /// </summary>
    public void Said(string transcript, TimeSpan start, TimeSpan end, float probability = 0.8f, params TurnCue[] cues)
    {
        SpeechBegan(start);
        TurnBegan(start, transcript.Split(' ')[0]);
        Heard(transcript, start, end);
        SpeechEnded(end);
        Estimate(end, probability, TimeSpan.FromSeconds(0.5), cues);
    }

    public void Push(RecognitionEvent result) => _results.Writer.TryWrite(result);

    /// <summary>Ends the call normally, after the results pushed so far.</summary>
    public void End() => _results.Writer.TryComplete();

    /// <summary>Ends the call as a failing service does.</summary>
    public void Fail(Exception error) => _results.Writer.TryComplete(error);

    public ValueTask DisposeAsync()
    {
        _disposed.TrySetResult();
        _results.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
