using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A browser microphone: it never stops, so the service hears silence while the interviewer speaks and thinks, and
/// an answer when one is said. Chunks of 100 ms go out every <c>interval</c> (faster than real time keeps tests short).
/// </summary>
public sealed class Microphone : IAsyncDisposable
{
    private readonly ConcurrentQueue<ByteString> _said = new();
    private readonly CancellationTokenSource _unplug = new();
    private readonly Task _streaming;

    /// <param name="send">Sends one chunk; it deals with refusals itself.</param>
    /// <param name="interval">Time between chunks.</param>
    public Microphone(Func<ByteString, CancellationToken, Task> send, TimeSpan interval)
    {
        _streaming = Task.Run(async () =>
        {
            while (!_unplug.IsCancellationRequested)
            {
                try
                {
                    await send(_said.TryDequeue(out var chunk) ? chunk : SpokenAnswers.Silence, _unplug.Token);
                }
                catch (RpcException) when (_unplug.IsCancellationRequested)
                {
                    // The call in flight when the microphone was unplugged: cancelling it races with the server, and
                    // the in-process gRPC-Web pair may report the cancelled handler as UNKNOWN.
                    break;
                }
                await Task.Delay(interval, _unplug.Token);
            }
        });
    }

    /// <summary>Queues an answer's audio (16 kHz LINEAR16); silence follows it.</summary>
    public void Say(byte[] pcm)
    {
        foreach (var chunk in SpokenAnswers.Chunks(pcm))
        {
            _said.Enqueue(chunk);
        }
    }

    /// <summary>The candidate stops mid-answer (the interview froze): what is left of the answer is not said.</summary>
    public void StopSaying() => _said.Clear();

    /// <summary>Unplugs the microphone; rethrows what went wrong while streaming, if anything.</summary>
    public async ValueTask DisposeAsync()
    {
        await _unplug.CancelAsync();
        try
        {
            await _streaming;
        }
        catch (OperationCanceledException) when (_unplug.IsCancellationRequested)
        {
        }
        _unplug.Dispose();
    }
}
