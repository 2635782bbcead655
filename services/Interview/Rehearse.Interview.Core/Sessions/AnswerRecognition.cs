using System.Threading.Channels;
using Rehearse.Interview.Core.Speech;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// One answer's recognition call, run off the session's loop: the call is opened in the background (a speech
/// service that hangs never stalls pause or end), audio goes out through a bounded queue that fills while it
/// opens, and what the call reports comes back to the session's inbox tagged with the call's generation.
/// </summary>
internal sealed class AnswerRecognition : IAsyncDisposable
{
    /// <summary>Chunks of audio that may wait for the speech service before the session refuses more.</summary>
    public const int AudioQueueCapacity = 512;

    private readonly Channel<ReadOnlyMemory<byte>> _audio =
        Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(AudioQueueCapacity) { SingleReader = true });
    private readonly CancellationTokenSource _abort;
    private readonly Task _run;
    private volatile bool _failed;
    // The audio the call refused as it ended.
    private ReadOnlyMemory<byte>? _refused;

    public AnswerRecognition(
        ISpeechPort speech,
        CandidateAudioFormat format,
        TimeSpan answerTimeLimit,
        TurnDetectionSettings turnDetection,
        int generation,
        ChannelWriter<SessionInput> inbox,
        CancellationToken cancellationToken)
    {
        Generation = generation;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _run = Task.Run(() => RunAsync(speech, format, answerTimeLimit, turnDetection, inbox));
    }

    /// <summary>Tags this call's updates so that updates of an abandoned call are ignored.</summary>
    public int Generation { get; }

    /// <summary>Queues audio (a copy); false when the speech service has fallen too far behind (or the call has ended).</summary>
    public bool TryWrite(ReadOnlyMemory<byte> audio) => _audio.Writer.TryWrite(audio.ToArray());

    /// <summary>
    /// True once the call failed to open or failed while open: it takes no more audio, and its end is on the way to
    /// the session's inbox.
    /// </summary>
    public bool Failed => _failed;

    /// <summary>
    /// The audio queued for a call that has failed and ended, which never reached it: the session gives it to the call
    /// replacing this one. Only once the call's end has been reported (nothing reads the queue any more).
    /// </summary>
    public List<ReadOnlyMemory<byte>> TakeUnsent()
    {
        var unsent = new List<ReadOnlyMemory<byte>>();
        if (_refused is { } refused)
        {
            unsent.Add(refused);
            _refused = null;
        }
        while (_audio.Reader.TryRead(out var audio))
        {
            unsent.Add(audio);
        }
        return unsent;
    }

    /// <summary>Half-closes the call after the queued audio: the open utterance is decoded and the call ends.</summary>
    public void Complete() => _audio.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        _audio.Writer.TryComplete();
        await _abort.CancelAsync();
        await _run.ContinueWith(_ => { }, TaskScheduler.Default);
        _abort.Dispose();
    }

    private async Task RunAsync(
        ISpeechPort speech, CandidateAudioFormat format, TimeSpan answerTimeLimit, TurnDetectionSettings turnDetection, ChannelWriter<SessionInput> inbox)
    {
        IRecognitionCall call;
        try
        {
            call = await speech.OpenRecognitionAsync(format, answerTimeLimit, turnDetection, _abort.Token);
        }
        catch (Exception e)
        {
            _failed = true;
            _audio.Writer.TryComplete();
            await TellAsync(inbox, new RecognitionOpened(Generation, e));
            return;
        }
        await using (call)
        {
            if (!await TellAsync(inbox, new RecognitionOpened(Generation, null)))
            {
                return;
            }
            var pump = PumpAsync(call);
            Exception? error = null;
            try
            {
                await foreach (var update in call.ReadAllAsync(_abort.Token))
                {
                    if (!await TellAsync(inbox, new RecognitionUpdate(Generation, update)))
                    {
                        return;
                    }
                }
            }
            catch (Exception e)
            {
                error = e;
                _failed = true;
                _audio.Writer.TryComplete();
            }
            await pump;
            await TellAsync(inbox, new RecognitionEnded(Generation, error));
        }
    }

    private async Task PumpAsync(IRecognitionCall call)
    {
        ReadOnlyMemory<byte>? writing = null;
        try
        {
            await foreach (var audio in _audio.Reader.ReadAllAsync(_abort.Token))
            {
                writing = audio;
                await call.WriteAsync(audio, _abort.Token);
                writing = null;
            }
            await call.CompleteAsync();
        }
        catch (Exception e) when (e is SpeechUnavailableException or OperationCanceledException or InvalidOperationException or IOException)
        {
            // The call ended under the writer; the reader reports why. The audio it refused was not sent.
            _refused = writing;
        }
    }

    /// <summary>Hands an update to the session; false when the session has stopped.</summary>
    private static async Task<bool> TellAsync(ChannelWriter<SessionInput> inbox, SessionInput update)
    {
        try
        {
            await inbox.WriteAsync(update, CancellationToken.None);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }
}
