using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Rehearse.Interview.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// Concurrent spoken interviews against the services started as processes, one after another per session slot for
/// a set time, with each service's resident memory sampled throughout: does memory settle, do turns keep working.
/// </summary>
/// <remarks><c>-- soak [--minutes N] [--sessions N]</c>; bench/run soak builds the services.</remarks>
internal static class SoakBenchmark
{
    private const string Usage = "usage: -- soak [--minutes 1-120] [--sessions 1-8]";
    private const int QuestionsPerInterview = 3;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var minutes = 10;
        var sessions = 3;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--minutes" && i + 1 < args.Count && int.TryParse(args[++i], CultureInfo.InvariantCulture, out minutes) && minutes is >= 1 and <= 120)
            {
            }
            else if (args[i] == "--sessions" && i + 1 < args.Count && int.TryParse(args[++i], CultureInfo.InvariantCulture, out sessions) && sessions is >= 1 and <= 8)
            {
            }
            else
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
        Console.WriteLine(Markdown.LoadAverage("at start"));
        var build = new ServiceBuild("soak", TestPaths.RepositoryRoot);
        var logs = Path.Combine(TestPaths.RepositoryRoot, ".data", "logs", "bench-soak");
        await using var database = await ScratchDatabase.CreateAsync("rehearse_soak");
        await using var services = await ServiceProcesses.StartAsync(build, database.ConnectionString, logs);
        var answers = await RecordedAnswer.RecordAsync(services.Speech);
        var memory = new[] { new Rss("Speech", services.SpeechResidentBytes), new Rss("Interview", services.InterviewResidentBytes) };
        foreach (var rss in memory)
        {
            rss.Sample();
        }
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(SampleEvery, sampling.Token);
                    foreach (var rss in memory)
                    {
                        rss.Sample();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var config = new SessionConfig
        {
            Role = "backend",
            InterviewType = InterviewType.Technical,
            Difficulty = Difficulty.Medium,
            QuestionCount = QuestionsPerInterview,
            Spoken = true,
            Engine = InterviewerEngine.Offline,
        };
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromMinutes(minutes);
        var results = new List<InterviewResult>();
        var errors = new List<string>();
        // Interviews still starting when the time is up are not begun; those running finish.
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(async slot =>
        {
            var client = services.Interview($"bench-soak-{slot}-" + Guid.NewGuid().ToString("N"));
            while (clock.Elapsed < until)
            {
                try
                {
                    var result = await InterviewRun.PlayAsync(client, config, answers, AnswerEnd.Done, TimeSpan.Zero);
                    lock (results)
                    {
                        results.Add(result);
                    }
                    Console.Error.WriteLine($"[soak {clock.Elapsed:mm\\:ss}] slot {slot}: {result.Turns.Count} turns in {result.Total.TotalSeconds:0} s" +
                        (result.Notices.Count > 0 ? $"; notices {string.Join("; ", result.Notices)}" : ""));
                }
                catch (Exception e) when (e is RpcException or TimeoutException or InvalidOperationException)
                {
                    lock (errors)
                    {
                        errors.Add($"{clock.Elapsed:mm\\:ss} slot {slot}: {e.GetType().Name}: {e.Message}");
                    }
                    Console.Error.WriteLine($"[soak {clock.Elapsed:mm\\:ss}] slot {slot}: {e.Message}");
                    await Task.Delay(TimeSpan.FromSeconds(2));
                }
            }
        }));
        var elapsed = clock.Elapsed;
        foreach (var rss in memory)
        {
            rss.Sample();
        }
        await sampling.CancelAsync();
        await sampler;

        var turns = results.SelectMany(r => r.Turns).ToList();
        var voiceToVoice = turns.Select(t => t.VoiceToVoice).ToList();
        var notices = results.SelectMany(r => r.Notices).ToList();
        Console.WriteLine();
        Console.WriteLine($"### Soak: {sessions} concurrent spoken interviews for {minutes} min");
        Console.WriteLine();
        Markdown.Table(["figure", "value"],
        [
            ["ran for", $"{elapsed.TotalMinutes:0.0} min (interviews running when the time was up were finished)"],
            ["interviews completed (report written)", Markdown.F(results.Count)],
            ["spoken turns completed", Markdown.F(turns.Count)],
            ["interviews whose report kept every spoken turn", $"{results.Count(r => r.ReportTurns >= r.Turns.Count)} of {results.Count}"],
            ["errors (interviews that failed)", errors.Count == 0 ? "0" : $"{errors.Count}: {string.Join("; ", errors.Take(5))}"],
            ["notices", notices.Count == 0 ? "none" : string.Join("; ", notices.GroupBy(n => n.Split(':')[0]).Select(g => $"{g.Count()} × {g.Key}"))],
            ["DONE → first interviewer audio: p50 / p95 / max ms", voiceToVoice.Count == 0 ? "–"
                : $"{Markdown.F(Markdown.Median(voiceToVoice))} / {Markdown.F(Markdown.Percentile(voiceToVoice, 0.95))} / {Markdown.F(voiceToVoice.Max())}"],
            ["microphone lateness, worst (ms; a busy machine delays the sender)", results.Count == 0 ? "–" : Markdown.F(results.Max(r => r.MicrophoneLateness.TotalMilliseconds))],
        ]);
        Console.WriteLine("### Resident memory (RSS, MiB)");
        Console.WriteLine();
        Markdown.Table(["service", "start (warm, before the sessions)", "peak", "end", "samples"],
            memory.Select(m => (IReadOnlyList<string>)[m.Service, Markdown.F(m.Start, "0"), Markdown.F(m.Peak, "0"), Markdown.F(m.End, "0"), Markdown.F(m.Samples)]));
        Console.WriteLine("RSS per minute (MiB), Speech / Interview: " + string.Join(", ",
            Enumerable.Range(0, (int)Math.Ceiling(elapsed.TotalMinutes) + 1).Select(minute =>
                $"{minute}: {Markdown.F(memory[0].At(minute), "0")} / {Markdown.F(memory[1].At(minute), "0")}")));
        Console.WriteLine(Markdown.LoadAverage("at end"));
        return errors.Count == 0 ? 0 : 1;
    }

    /// <summary>One service process's resident memory, sampled over the run.</summary>
    private sealed class Rss(string service, Func<long> residentBytes)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(TimeSpan At, double MiB)> _samples = [];

        public string Service => service;

        public double Start => _samples[0].MiB;

        public double Peak => _samples.Max(s => s.MiB);

        public double End => _samples[^1].MiB;

        public int Samples => _samples.Count;

        /// <summary>The last sample at or before <paramref name="minute"/> (the first one for minute 0).</summary>
        public double At(int minute) => _samples.LastOrDefault(s => s.At <= TimeSpan.FromMinutes(minute), _samples[0]).MiB;

        public void Sample()
        {
            var mib = residentBytes() / (1024.0 * 1024);
            lock (_samples)
            {
                _samples.Add((_clock.Elapsed, mib));
            }
        }
    }
}
