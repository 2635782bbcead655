using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Rehearse.Interview.Api.Speech;
using Rehearse.Speech.V1;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>
/// One answer's recognition call: audio goes out through a bounded queue (so a slow Speech service never blocks
/// the session), responses come back to the session's inbox tagged with the call's generation.
/// </summary>
internal sealed class AnswerRecognition : IAsyncDisposable
{
    private const int AudioQueueCapacity = 512;

    private readonly AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse> _call;
    private readonly Channel<ByteString> _audio = Channel.CreateBounded<ByteString>(new BoundedChannelOptions(AudioQueueCapacity) { SingleReader = true });
    private readonly CancellationTokenSource _abort;
    private readonly Task _pump;
    private readonly Task _reader;

    private AnswerRecognition(
        AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse> call,
        CancellationTokenSource abort,
        int generation,
        ChannelWriter<SessionInput> inbox)
    {
        _call = call;
        _abort = abort;
        Generation = generation;
        _pump = Task.Run(PumpAsync);
        _reader = Task.Run(() => ReadAsync(inbox));
    }

    /// <summary>Tags this call's updates so that updates of an abandoned call are ignored.</summary>
    public int Generation { get; }

    /// <summary>Opens the call.</summary>
    public static async Task<AnswerRecognition> OpenAsync(
        SpeechGateway speech,
        Rehearse.Speech.V1.AudioFormat format,
        TimeSpan answerTimeLimit,
        int generation,
        ChannelWriter<SessionInput> inbox,
        CancellationToken cancellationToken)
    {
        var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // Acoustic features bring the voiced hesitations of each utterance for the answer's speech analytics.
            var config = new RecognitionConfig { AudioFormat = format, InterimResults = true, VoiceActivityEvents = true, AcousticFeatures = true };
            var call = await speech.OpenRecognitionAsync(config, answerTimeLimit, abort.Token);
            return new AnswerRecognition(call, abort, generation, inbox);
        }
        catch
        {
            abort.Dispose();
            throw;
        }
    }

    /// <summary>Queues audio; false when the Speech service has fallen too far behind (or the call has ended).</summary>
    public bool TryWrite(ReadOnlyMemory<byte> audio) => _audio.Writer.TryWrite(ByteString.CopyFrom(audio.Span));

    /// <summary>Half-closes the call after the queued audio: the open utterance is decoded and the call ends.</summary>
    public void Complete() => _audio.Writer.TryComplete();

    /// <summary>Abandons the call.</summary>
    public void Abort()
    {
        _audio.Writer.TryComplete();
        _abort.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await Task.WhenAll(_pump, _reader).ContinueWith(_ => { }, TaskScheduler.Default);
        _call.Dispose();
        _abort.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var audio in _audio.Reader.ReadAllAsync(_abort.Token))
            {
                await _call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = audio }, _abort.Token);
            }
            await _call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException or IOException)
        {
            // The call ended under the writer; the reader reports why.
        }
    }

    private async Task ReadAsync(ChannelWriter<SessionInput> inbox)
    {
        Exception? error = null;
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync(_abort.Token))
            {
                await inbox.WriteAsync(new RecognitionUpdate(Generation, response), CancellationToken.None);
            }
        }
        catch (ChannelClosedException)
        {
            return;
        }
        catch (Exception e)
        {
            error = e;
            _audio.Writer.TryComplete();
        }
        try
        {
            await inbox.WriteAsync(new RecognitionEnded(Generation, error), CancellationToken.None);
        }
        catch (ChannelClosedException)
        {
            // The session has stopped.
        }
    }
}
