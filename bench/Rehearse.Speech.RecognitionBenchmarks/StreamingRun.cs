using System.Diagnostics;
using System.Threading.Channels;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Streaming;

namespace Rehearse.Speech.RecognitionBenchmarks;

/// <summary>What one streamed recording produced, with the times the service saw.</summary>
/// <param name="Finals">Final results in order.</param>
/// <param name="FinalLatenciesMs">
/// Per utterance closed by endpointing: from the arrival of the audio that completed the endpoint silence to the
/// final result (processing only; the silence itself is the configured wait).
/// </param>
/// <param name="FirstInterimLatenciesMs">Per utterance with interims: from the arrival of the audio the first interim covers to that interim.</param>
/// <param name="Elapsed">Wall time of the whole stream.</param>
internal sealed record StreamingOutcome(
    IReadOnlyList<TranscriptEvent> Finals,
    IReadOnlyList<double> FinalLatenciesMs,
    IReadOnlyList<double> FirstInterimLatenciesMs,
    TimeSpan Elapsed)
{
    public string Text => string.Join(' ', Finals.Select(f => f.Text).Where(t => t.Length > 0));
}

/// <summary>Streams 16 kHz LINEAR16 audio into the engine in 100 ms chunks and times what comes back.</summary>
internal static class StreamingRun
{
    public const int SampleRate = 16_000;
    public const int ChunkSamples = SampleRate / 10;

    public static async Task<StreamingOutcome> RunAsync(SpeechRecognitionEngine engine, string model, float[] samples,
        bool realTime, bool interim, RecognitionOptions options, CancellationToken cancellationToken)
    {
        var bytes = Rehearse.Speech.Audio.PcmCodec.Encode(samples, Rehearse.Speech.Audio.SampleEncoding.Linear16);
        var chunkBytes = ChunkSamples * 2;
        var chunkCount = (bytes.Length + chunkBytes - 1) / chunkBytes;
        var arrivals = new long[chunkCount];
        var channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.StreamBufferMessages) { SingleReader = true, SingleWriter = true });
        var settings = new RecognitionSettings(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, SampleRate), "en-US", model, interim, VoiceActivityEvents: false);
        var events = engine.Stream(settings, channel.Reader, cancellationToken);
        var start = Stopwatch.GetTimestamp();

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < chunkCount; i++)
            {
                if (realTime)
                {
                    var due = TimeSpan.FromMilliseconds(100.0 * (i + 1));
                    var wait = due - Stopwatch.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                }
                var offset = i * chunkBytes;
                await channel.Writer.WriteAsync(bytes.AsMemory(offset, Math.Min(chunkBytes, bytes.Length - offset)), cancellationToken);
                Volatile.Write(ref arrivals[i], Stopwatch.GetTimestamp());
            }
            channel.Writer.Complete();
        }, cancellationToken);

        var finals = new List<TranscriptEvent>();
        var finalLatencies = new List<double>();
        var firstInterims = new List<double>();
        var interimSeen = new HashSet<int>();
        var padding = options.Endpointing.SpeechPadding;
        var minSilenceFrames = (int)Math.Ceiling(options.Endpointing.MinSilence / TimeSpan.FromMilliseconds(32));
        await foreach (var recognitionEvent in events)
        {
            var now = Stopwatch.GetTimestamp();
            if (recognitionEvent is not TranscriptEvent transcript)
            {
                continue;
            }
            if (transcript.IsFinal)
            {
                finals.Add(transcript);
                // The endpoint is decided by the frame that completes the minimum silence after the speech end.
                var speechEndSample = (long)Math.Round((transcript.EndOffset - padding).TotalSeconds * SampleRate);
                var decidingSample = speechEndSample + minSilenceFrames * 512L;
                var chunk = (int)((decidingSample - 1) / ChunkSamples);
                if (speechEndSample % 512 == 0 && chunk < chunkCount - 1 && Volatile.Read(ref arrivals[chunk]) is var arrival and > 0)
                {
                    finalLatencies.Add(Stopwatch.GetElapsedTime(arrival, now).TotalMilliseconds);
                }
            }
            else if (interimSeen.Add(transcript.SegmentIndex))
            {
                var coveredSample = (long)Math.Round(transcript.EndOffset.TotalSeconds * SampleRate);
                var chunk = (int)Math.Min(chunkCount - 1, (coveredSample - 1) / ChunkSamples);
                if (Volatile.Read(ref arrivals[chunk]) is var arrival and > 0)
                {
                    firstInterims.Add(Stopwatch.GetElapsedTime(arrival, now).TotalMilliseconds);
                }
            }
        }
        await sending;
        return new StreamingOutcome(finals, finalLatencies, firstInterims, Stopwatch.GetElapsedTime(start));
    }
}
