using System.Threading.Channels;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Streaming;
using static Rehearse.Speech.RecognitionBenchmarks.Measurements;

namespace Rehearse.Speech.RecognitionBenchmarks;

/// <summary>Real-time factor, latency, memory and concurrent streams.</summary>
internal static class SpeedBenchmark
{
    private const int WarmPasses = 2;
    private const int LongFileRuns = 5;

    public static async Task RunAsync(BenchmarkContext context)
    {
        await RealTimeFactorAsync(context);
        await LongFileAsync(context);
        await StreamingLatencyAsync(context);
        await ConcurrentStreamsAsync(context);
        await MemoryAsync(context);
    }

    private static async Task RealTimeFactorAsync(BenchmarkContext context)
    {
        var audioSeconds = context.Corpus.Sum(c => c.DurationSeconds);
        var files = context.Corpus.Select(c => File.ReadAllBytes(c.File)).ToList();
        Console.WriteLine("## Speed: whole-recording real-time factor");
        Console.WriteLine();
        Console.WriteLine($"Every clip of the corpus ({audioSeconds:0} s) through `RecognizeAsync` (WAV decode, voice activity segmentation, decoding), one clip at a time. RTF = processing time / audio time.");
        Console.WriteLine();
        Console.WriteLine("| model | first pass RTF | warm RTF (median of passes) | warm per-clip latency p50 / p95 (ms) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var model in BenchmarkContext.Models)
        {
            var passes = new List<double>();
            var clipLatencies = new List<double>();
            for (var pass = 0; pass <= WarmPasses; pass++)
            {
                double total = 0;
                foreach (var file in files)
                {
                    var (_, elapsed) = await context.RecognizeFileAsync(model, file);
                    total += elapsed;
                    if (pass > 0)
                    {
                        clipLatencies.Add(elapsed);
                    }
                }
                passes.Add(total / 1000 / audioSeconds);
            }
            Console.WriteLine($"| {model} | {Number(passes[0], "0.000")} | {Number(Median(passes.Skip(1).ToList()), "0.000")} | {Ms(Median(clipLatencies))} / {Ms(Percentile(clipLatencies, 95))} |");
        }
        Console.WriteLine();
    }

    private static async Task LongFileAsync(BenchmarkContext context)
    {
        // 60 s of real speech: the corpus clips back to back, cut at 60 s.
        var samples = context.Corpus.SelectMany(context.Samples).Take(60 * 16_000).ToArray();
        var wav = WavFile.Write(samples, 16_000, SampleEncoding.Linear16);
        Console.WriteLine("## Speed: 60 s recording, whole file");
        Console.WriteLine();
        Console.WriteLine($"Target: under 1 s with moonshine-tiny. {LongFileRuns} warm runs after a first one; utterances are decoded in parallel up to MaxConcurrentDecodes ({context.Options.MaxConcurrentDecodes}).");
        Console.WriteLine();
        Console.WriteLine("| model | first run (ms) | warm median (ms) | warm max (ms) | utterances | target |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var model in BenchmarkContext.Models)
        {
            var (first, firstMs) = await context.RecognizeFileAsync(model, wav);
            var runs = new List<double>();
            for (var i = 0; i < LongFileRuns; i++)
            {
                runs.Add((await context.RecognizeFileAsync(model, wav)).ElapsedMs);
            }
            var target = model == "moonshine-tiny" ? (Median(runs) < 1000 ? "< 1 s: **met**" : "< 1 s: **failing**") : "–";
            Console.WriteLine($"| {model} | {Ms(firstMs)} | {Ms(Median(runs))} | {Ms(runs.Max())} | {first.Results.Count} | {target} |");
        }
        Console.WriteLine();
    }

    private static async Task StreamingLatencyAsync(BenchmarkContext context)
    {
        var session = Session(context, 0, TimeSpan.FromSeconds(60));
        Console.WriteLine("## Streaming latency at real-time pace");
        Console.WriteLine();
        Console.WriteLine($"One stream of {session.Length / 16_000.0:0} s (corpus clips separated by 1 s of silence) sent in 100 ms chunks at real-time pace, interim results on (every {context.Options.Endpointing.InterimInterval.TotalMilliseconds:0} ms of new speech). " +
            $"**Final latency** is from the arrival of the chunk that completes the endpoint silence to the final result; the silence itself (MinSilence, {context.Options.Endpointing.MinSilence.TotalMilliseconds:0} ms) comes on top, so end of speech → final = {context.Options.Endpointing.MinSilence.TotalMilliseconds:0} ms + final latency. " +
            "**First interim latency** is from the arrival of the last chunk an utterance's first interim covers to that interim. Utterances closed by the end of the stream are left out.");
        Console.WriteLine();
        Console.WriteLine("| model | utterances | final latency p50 / p95 / max (ms) | end of speech → final p50 (ms) | first interim latency p50 / p95 (ms) | target (final p50) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var model in BenchmarkContext.Models)
        {
            var outcome = await StreamingRun.RunAsync(context.Engine, model, session, realTime: true, interim: true, context.Options, CancellationToken.None);
            var finals = outcome.FinalLatenciesMs;
            var target = model == "moonshine-tiny" ? 150 : 300;
            var verdict = Median(finals) < target ? "met" : "**failing**";
            Console.WriteLine($"| {model} | {finals.Count} | {Ms(Median(finals))} / {Ms(Percentile(finals, 95))} / {Ms(finals.DefaultIfEmpty(double.NaN).Max())} | {Ms(context.Options.Endpointing.MinSilence.TotalMilliseconds + Median(finals))} | {Ms(Median(outcome.FirstInterimLatenciesMs))} / {Ms(Percentile(outcome.FirstInterimLatenciesMs, 95))} | < {target} ms: {verdict} |");
        }
        Console.WriteLine();
    }

    private static async Task ConcurrentStreamsAsync(BenchmarkContext context)
    {
        int[] counts = [1, 2, 4, 6, 8];
        var length = TimeSpan.FromSeconds(15);
        Console.WriteLine("## Concurrent real-time streams");
        Console.WriteLine();
        Console.WriteLine($"N streams of {length.TotalSeconds:0} s each (different corpus audio), all at real-time pace with interim results, sharing the {context.Options.MaxConcurrentDecodes} decode slots. A count is held when the p95 final latency stays under 500 ms.");
        Console.WriteLine();
        Console.WriteLine($"| model | {string.Join(" | ", counts.Select(n => $"{n} streams: final p50 / p95 (ms)"))} | held |");
        Console.WriteLine($"|---|{string.Concat(counts.Select(_ => "---|"))}---|");
        foreach (var model in BenchmarkContext.Models)
        {
            var cells = new List<string>();
            var held = 0;
            var failed = false;
            foreach (var count in counts)
            {
                if (failed)
                {
                    cells.Add("not run");
                    continue;
                }
                var runs = Enumerable.Range(0, count)
                    .Select(i => StreamingRun.RunAsync(context.Engine, model, Session(context, i * 3, length), realTime: true, interim: true, context.Options, CancellationToken.None))
                    .ToList();
                var outcomes = await Task.WhenAll(runs);
                var latencies = outcomes.SelectMany(o => o.FinalLatenciesMs).ToList();
                var p95 = Percentile(latencies, 95);
                cells.Add($"{Ms(Median(latencies))} / {Ms(p95)}");
                if (p95 < 500)
                {
                    held = count;
                }
                else
                {
                    failed = true;
                }
            }
            Console.WriteLine($"| {model} | {string.Join(" | ", cells)} | {(failed ? held.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"≥ {held}")} |");
        }
        Console.WriteLine();
    }

    private static async Task MemoryAsync(BenchmarkContext context)
    {
        // As many streams as the engine admits at once.
        var streams = context.Options.MaxConcurrentRecognitions;
        Console.WriteLine("## Memory (RSS)");
        Console.WriteLine();
        Console.WriteLine("| stage | RSS (MiB) | load time (ms) |");
        Console.WriteLine("|---|---|---|");
        foreach (var (stage, rss, loadMs) in context.Memory)
        {
            Console.WriteLine($"| {stage} | {Number(rss, "0")} | {Ms(loadMs)} |");
        }
        var beforeStreams = SettledResidentMegabytes();
        Console.WriteLine($"| after the benchmarks above | {Number(beforeStreams, "0")} | |");

        // Streams held open with 5 s of speech each in their buffers (an utterance in progress).
        var channels = new List<Channel<ReadOnlyMemory<byte>>>();
        var readers = new List<Task>();
        var speech = PcmCodec.Encode(context.Samples(context.Corpus.First(c => c.DurationSeconds > 8)).AsSpan(0, 5 * 16_000), SampleEncoding.Linear16);
        for (var i = 0; i < streams; i++)
        {
            var channel = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
            channel.Writer.TryWrite(speech);
            channels.Add(channel);
            var settings = new RecognitionSettings(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, 16_000), Model: "moonshine-tiny");
            readers.Add(Task.Run(async () =>
            {
                await foreach (var _ in context.Engine.Stream(settings, channel.Reader, CancellationToken.None))
                {
                }
            }));
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        var withStreams = SettledResidentMegabytes();
        channels.ForEach(c => c.Writer.Complete());
        await Task.WhenAll(readers);
        Console.WriteLine($"| with {streams} open streams, 5 s of speech buffered each | {Number(withStreams, "0")} | |");
        Console.WriteLine();
        Console.WriteLine($"Per open stream: ≈ {Number((withStreams - beforeStreams) / streams, "0.0")} MiB. Target: the process under 600 MB with both models loaded: " +
            $"{(context.Memory[^1].Rss < 600 ? "**met**" : "**failing**")} ({Number(context.Memory[^1].Rss, "0")} MiB after loading; the service process adds ASP.NET Core and gRPC).");
        Console.WriteLine();
    }

    /// <summary>Corpus clips from <paramref name="firstClip"/> on, 1 s of silence after each, up to <paramref name="length"/>.</summary>
    private static float[] Session(BenchmarkContext context, int firstClip, TimeSpan length)
    {
        var samples = new List<float>();
        var silence = new float[16_000];
        for (var i = 0; samples.Count < length.TotalSeconds * 16_000; i++)
        {
            samples.AddRange(silence);
            samples.AddRange(context.Samples(context.Corpus[(firstClip + i) % context.Corpus.Count]));
        }
        samples.AddRange(silence);
        return [.. samples];
    }
}
