using System.Diagnostics;
using Rehearse.Speech.Synthesis;
using Rehearse.Testing;

namespace Rehearse.Speech.SynthesisBenchmarks;

/// <summary>
/// Time to first audio (from the request to the first chunk) and real-time factor (synthesis time over audio
/// length) for a one-sentence reply, a paragraph and a page, over repeated warm runs with the first run reported
/// apart; then how many simultaneous streams keep up with real-time playback.
/// </summary>
internal static class SpeedBenchmark
{
    private const string Short = "Can you walk me through how you would design a URL shortener?";

    private const string Medium =
        "Thanks, that was a clear answer. Let's go one level deeper into the storage layer. " +
        "Suppose the service receives 10,000 writes per second at peak, and reads outnumber writes a hundred to one. " +
        "Which database would you choose, and how would you partition the data? " +
        "Please also tell me how you would keep the p99 latency under 50 ms.";

    private static readonly string Long = string.Join(' ', Enumerable.Repeat(
        "Let's move on to the behavioural part of the interview. Tell me about a time you disagreed with a colleague " +
        "about a technical decision. What was the situation, and what did each of you propose? How did you reach a " +
        "decision, and what happened afterwards? Looking back, would you do anything differently? Take your time; " +
        "there is no right or wrong answer, and I am more interested in how you think than in the outcome.", 5));

    public static async Task RunAsync(BenchmarkHost host)
    {
        Console.WriteLine("### Time to first audio and real-time factor (one stream, default voice, LINEAR16 at 22.05 kHz)");
        Console.WriteLine();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (name, text, runs) in new[] { ("short (1 sentence)", Short, 20), ("medium (paragraph)", Medium, 8), ("long (page)", Long, 3) })
        {
            var first = await MeasureAsync(host, text);
            var warm = new List<Measurement>();
            for (var i = 0; i < runs; i++)
            {
                warm.Add(await MeasureAsync(host, text));
            }
            var ttfa = warm.Select(m => m.FirstAudio.TotalMilliseconds).ToList();
            var rtf = warm.Select(m => m.RealTimeFactor).ToList();
            var cpu = warm.Select(m => m.CpuPerAudioSecond).ToList();
            rows.Add([
                name,
                Markdown.F(text.Length),
                Markdown.F(Markdown.Median(warm.Select(m => m.AudioSeconds).ToList()), "0.0"),
                $"{Markdown.F(first.FirstAudio.TotalMilliseconds)} ms / {Markdown.F(first.RealTimeFactor, "0.000")}",
                Markdown.F(runs),
                $"{Markdown.F(Markdown.Median(ttfa))} / {Markdown.F(Markdown.Percentile(ttfa, 0.95))} ms",
                $"{Markdown.F(Markdown.Median(rtf), "0.000")} / {Markdown.F(Markdown.Percentile(rtf, 0.95), "0.000")}",
                Markdown.F(Markdown.Median(cpu), "0.000"),
            ]);
        }
        Markdown.Table(
            ["text", "chars", "audio (s)", "first run: first audio / RTF", "warm runs", "first audio median / p95", "RTF median / p95", "CPU s per audio s"],
            rows);
        Console.WriteLine("RTF is wall-clock synthesis time over audio length; CPU s per audio s counts the process's CPU time instead, " +
            "which other work on the machine disturbs less.");
        Console.WriteLine();

        Console.WriteLine("### Simultaneous real-time streams (paragraph text, each played from its first chunk)");
        Console.WriteLine();
        var concurrency = new List<IReadOnlyList<string>>();
        foreach (var streams in new[] { 1, 2, 4, 6, 8, 12, 16 })
        {
            var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => Task.Run(() => MeasureAsync(host, Medium))));
            var ttfa = results.Select(r => r.FirstAudio.TotalMilliseconds).ToList();
            var underruns = results.Count(r => r.Underran);
            concurrency.Add([
                Markdown.F(streams),
                $"{Markdown.F(Markdown.Median(ttfa))} / {Markdown.F(ttfa.Max())} ms",
                Markdown.F(results.Max(r => r.RealTimeFactor), "0.00"),
                $"{underruns} of {streams}",
            ]);
        }
        Markdown.Table(["streams", "first audio median / max", "worst RTF", "streams that ran dry"], concurrency);
        Console.WriteLine("A stream runs dry when a chunk arrives later than its playback time, counting from the arrival of the first chunk.");
        Console.WriteLine();
    }

    private static async Task<Measurement> MeasureAsync(BenchmarkHost host, string text)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var stream = host.Engine.Open(new SynthesisSettings());
        TimeSpan? first = null;
        var underran = false;
        TimeSpan end = TimeSpan.Zero;
        await foreach (var chunk in stream.SpeakAsync(text))
        {
            var arrival = clock.Elapsed;
            first ??= arrival;
            // Playback of this chunk starts at first arrival + its offset; arriving later means a gap.
            underran |= arrival > first.Value + chunk.Offset;
            end = chunk.Offset + chunk.Duration;
        }
        var total = clock.Elapsed;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new Measurement(first ?? total, end.TotalSeconds, total.TotalSeconds / end.TotalSeconds, cpuSeconds / end.TotalSeconds, underran);
    }

    private sealed record Measurement(TimeSpan FirstAudio, double AudioSeconds, double RealTimeFactor, double CpuPerAudioSecond, bool Underran);
}
