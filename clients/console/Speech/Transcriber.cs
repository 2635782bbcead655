using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Rehearse.Console.Audio;
using Rehearse.Console.Connection;
using Rehearse.Speech.V1;

namespace Rehearse.Console.Speech;

/// <summary>Transcribes one <see cref="AudioInput"/> with Recognize (whole file) or StreamingRecognize (100 ms chunks).</summary>
public sealed class Transcriber(SpeechService.SpeechServiceClient client)
{
    /// <summary>
    /// The largest input sent whole with Recognize. The service refuses requests above 4 MiB by default; the margin
    /// leaves room for the rest of the message. Larger inputs are streamed.
    /// </summary>
    public const long MaxRecognizeBytes = 4 * 1024 * 1024 - 64 * 1024;

    /// <summary>Sends the whole input in one Recognize request.</summary>
    public async Task<Transcript> RecognizeAsync(AudioInput input, RecognitionConfig config, CancellationToken cancellationToken)
    {
        var audio = await input.ReadAllAsync(cancellationToken);
        var request = new RecognizeRequest { Config = config.Clone(), Audio = ByteString.CopyFrom(audio) };
        request.Config.AudioFormat = input.Format;
        var response = await client.RecognizeAsync(request, deadline: Deadlines.ForAudio(input.Duration), cancellationToken: cancellationToken);
        var segments = response.Results.Select(ToSegment).ToList();
        return new Transcript(input.Name, segments, response.AudioDuration?.ToTimeSpan() ?? input.Duration);
    }

    /// <summary>
    /// Streams the input in chunks of about 100 ms, as fast as the service takes them or paced to real time;
    /// <paramref name="onSent"/> reports bytes sent and <paramref name="onFinal"/> each utterance as it is decoded.
    /// </summary>
    public async Task<Transcript> StreamAsync(
        AudioInput input, RecognitionConfig config, bool realtime, Action<long>? onSent, Action<TranscriptSegment>? onFinal,
        CancellationToken cancellationToken)
    {
        var deadline = realtime || input.Duration is null ? Deadlines.ForAudio(null) : Deadlines.ForAudio(input.Duration);
        using var call = client.StreamingRecognize(deadline: deadline, cancellationToken: cancellationToken);
        var segments = new List<TranscriptSegment>();
        TimeSpan end = TimeSpan.Zero;
        var receiving = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                // Only final results are kept: an interim result of the same segment is always superseded.
                if (response.Result is { IsFinal: true } result)
                {
                    var segment = ToSegment(result);
                    segments.Add(segment);
                    end = segment.End > end ? segment.End : end;
                    onFinal?.Invoke(segment);
                }
            }
        }, cancellationToken);

        var streamConfig = config.Clone();
        streamConfig.AudioFormat = input.Format;
        streamConfig.InterimResults = false;
        long sent = 0;
        try
        {
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = streamConfig }, cancellationToken);
            var clock = Stopwatch.StartNew();
            await foreach (var chunk in input.ReadChunksAsync(cancellationToken))
            {
                if (realtime)
                {
                    var audioSent = TimeSpan.FromSeconds((double)Math.Max(0, sent - input.Prefix.Length) / input.BytesPerSecond);
                    var ahead = audioSent - clock.Elapsed;
                    if (ahead > TimeSpan.Zero)
                    {
                        await Task.Delay(ahead, cancellationToken);
                    }
                }
                await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(chunk.Span) }, cancellationToken);
                sent += chunk.Length;
                onSent?.Invoke(sent);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The service ended the call early; its status (from the response stream) says why.
            await receiving;
            throw;
        }
        await receiving;
        var duration = input.Duration ?? (input.BytesPerSecond > 0
            ? TimeSpan.FromSeconds((double)Math.Max(0, sent - input.Prefix.Length) / input.BytesPerSecond)
            : end);
        return new Transcript(input.Name, segments, duration);
    }

    private static TranscriptSegment ToSegment(RecognitionResult result) => new(
        result.SegmentIndex,
        result.StartOffset?.ToTimeSpan() ?? TimeSpan.Zero,
        result.EndOffset?.ToTimeSpan() ?? TimeSpan.Zero,
        result.Transcript.Trim(),
        result.Confidence);
}
