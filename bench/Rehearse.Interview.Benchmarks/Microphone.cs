using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Benchmarks;

/// <summary>When an answer was said into the microphone.</summary>
/// <param name="SpeechStart">Wall-clock time of the answer's first sample (its first chunk is sent 100 ms later).</param>
/// <param name="Ended">When the last chunk went out, or DONE when the answer ends with it.</param>
internal sealed record SaidAnswer(DateTimeOffset SpeechStart, DateTimeOffset Ended);

/// <summary>
/// A browser microphone on a Converse stream: a 100 ms chunk of 16 kHz LINEAR16 on a fixed real-time schedule,
/// silence (digital, or the room's noise) unless an answer is being said. It is the request stream's only writer,
/// so DONE goes through it, right after an answer's last chunk.
/// </summary>
internal sealed class Microphone : IAsyncDisposable
{
    public static readonly TimeSpan ChunkDuration = TimeSpan.FromMilliseconds(100);

    private const int ChunkBytes = RecordedAnswer.SampleRate / 10 * 2;

    private readonly IClientStreamWriter<ConverseRequest> _requests;
    private readonly RoomNoise? _room;
    private readonly CancellationTokenSource _unplug = new();
    private readonly Task _streaming;
    private volatile Answer? _pending;
    private volatile TypedAnswer? _typed;
    private TimeSpan _lateness;

    /// <param name="requests">The Converse request stream.</param>
    /// <param name="room">The noise of the room between (and after) answers; <c>null</c> sends digital silence.</param>
    public Microphone(IClientStreamWriter<ConverseRequest> requests, RoomNoise? room = null)
    {
        _requests = requests;
        _room = room;
        _streaming = Task.Run(StreamAsync);
    }

    /// <summary>How far behind its schedule the microphone fell at worst (a busy machine delays the sender).</summary>
    public TimeSpan MaxLateness { get; private set; }

    /// <summary>The worst lateness since the last call (or the start), starting the count over.</summary>
    public TimeSpan TakeLateness()
    {
        var worst = _lateness;
        _lateness = TimeSpan.Zero;
        return worst;
    }

    /// <summary>
    /// Says <paramref name="pcm"/> from the next chunk on, or from the first chunk captured after
    /// <paramref name="notBefore"/>; completes once it (and DONE, if asked) is sent.
    /// </summary>
    public Task<SaidAnswer> SayAsync(byte[] pcm, bool thenDone, DateTimeOffset notBefore = default)
    {
        var answer = new Answer(pcm, thenDone, notBefore);
        _pending = answer;
        return answer.Said.Task;
    }

    /// <summary>Sends a typed answer in place of the next chunk; completes once it is sent.</summary>
    public Task TypeAsync(string text)
    {
        var typed = new TypedAnswer(text);
        _typed = typed;
        return typed.Sent.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _unplug.CancelAsync();
        await _streaming;
        _unplug.Dispose();
    }

    private async Task StreamAsync()
    {
        var clock = Stopwatch.StartNew();
        Answer? current = null;
        var offset = 0;
        var speechStart = DateTimeOffset.MinValue;
        try
        {
            for (long tick = 1; ; tick++)
            {
                var wait = ChunkDuration * tick - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _unplug.Token);
                }
                else
                {
                    MaxLateness = -wait > MaxLateness ? -wait : MaxLateness;
                    _lateness = -wait > _lateness ? -wait : _lateness;
                }
                if (current is null && _pending is { } next && DateTimeOffset.UtcNow - ChunkDuration >= next.NotBefore)
                {
                    _pending = null;
                    (current, offset) = (next, 0);
                }
                if (_typed is { } typed)
                {
                    _typed = null;
                    await _requests.WriteAsync(new ConverseRequest { Text = typed.Text }, _unplug.Token);
                    typed.Sent.TrySetResult();
                    continue;
                }
                var chunk = new byte[ChunkBytes];
                if (current is null)
                {
                    _room?.Fill(chunk);
                    await _requests.WriteAsync(new ConverseRequest { Audio = ByteString.CopyFrom(chunk) }, _unplug.Token);
                    continue;
                }
                if (offset == 0)
                {
                    speechStart = DateTimeOffset.UtcNow - ChunkDuration;
                }
                var length = Math.Min(ChunkBytes, current.Pcm.Length - offset);
                // A last partial chunk is completed with the room, so every chunk is 100 ms and the schedule holds.
                _room?.Fill(chunk.AsSpan(length));
                current.Pcm.AsSpan(offset, length).CopyTo(chunk);
                await _requests.WriteAsync(new ConverseRequest { Audio = ByteString.CopyFrom(chunk) }, _unplug.Token);
                offset += length;
                if (offset < current.Pcm.Length)
                {
                    continue;
                }
                var ended = DateTimeOffset.UtcNow;
                if (current.ThenDone)
                {
                    await _requests.WriteAsync(new ConverseRequest { Control = ControlAction.DoneAnswering }, _unplug.Token);
                }
                current.Said.TrySetResult(new SaidAnswer(speechStart, ended));
                current = null;
            }
        }
        catch (OperationCanceledException) when (_unplug.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            // The session finished and closed the call. A call that broke earlier ends the event stream too, and
            // the driver reports it from there.
        }
        _pending?.Said.TrySetCanceled();
        current?.Said.TrySetCanceled();
        _typed?.Sent.TrySetCanceled();
    }

    private sealed record TypedAnswer(string Text)
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Answer(byte[] Pcm, bool ThenDone, DateTimeOffset NotBefore)
    {
        public TaskCompletionSource<SaidAnswer> Said { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
