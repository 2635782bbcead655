using System.Diagnostics;
using System.Globalization;
using Rehearse.CodeRunner.Problems.Catalog;
using Rehearse.CodeRunner.Problems.Judging;
using Rehearse.CodeRunner.Sandbox;

// bench/run coderunner [runs per case] [seconds of the throughput run]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

var cgroupName = $"rehearse-coderunner-bench-{Environment.ProcessId}";
var options = new SandboxOptions
{
    CgroupName = cgroupName,
    WorkDirectory = Path.Combine(Path.GetTempPath(), cgroupName),
    MaxConcurrentRuns = 2,
};
try
{
    var judge = new CodeJudge(new CodeSandbox(options), ProblemLoader.Load(null), new CodeJudgeOptions());
    string Solution(string extension) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Solutions", $"reference.{extension}"));
    var cases = new (string Name, CodeRunRequest Request)[]
    {
        ("Python, print(1)", new(CodeLanguage.Python, "print(1)\n")),
        ("JavaScript, console.log(1)", new(CodeLanguage.JavaScript, "console.log(1);\n")),
        ("Python, LRU cache, all 6 tests", new(CodeLanguage.Python, Solution("py"), "lru-cache", TestSelection.All)),
        ("JavaScript, LRU cache, all 6 tests", new(CodeLanguage.JavaScript, Solution("js"), "lru-cache", TestSelection.All)),
    };

    Console.WriteLine($"Run latency, {runs} runs each, one at a time (wall clock of CodeJudge.RunAsync, sandbox start-up included)");
    Console.WriteLine();
    Console.WriteLine("| run | p50 | p95 | max | CPU p50 | peak memory p50 |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var (name, request) in cases)
    {
        await Expect(judge, request); // warm-up: page cache, JIT
        var latencies = new List<double>();
        var cpu = new List<double>();
        var memory = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var outcome = await Expect(judge, request);
            latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
            cpu.Add(outcome.Run.CpuTime?.TotalMilliseconds ?? 0);
            memory.Add((outcome.Run.PeakMemoryBytes ?? 0) / (1024.0 * 1024.0));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Percentile(latencies, 50):F0} ms | {Percentile(latencies, 95):F0} ms | {latencies.Max():F0} ms | {Percentile(cpu, 50):F0} ms | {Percentile(memory, 50):F1} MiB |"));
    }

    Console.WriteLine();
    Console.WriteLine($"Throughput, {options.MaxConcurrentRuns} runs at a time (the default cap) for {seconds} s each");
    Console.WriteLine();
    Console.WriteLine("| run | runs | runs/s |");
    Console.WriteLine("|---|---|---|");
    foreach (var (name, request) in cases)
    {
        var completed = 0;
        var deadline = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.MaxConcurrentRuns).Select(async _ =>
        {
            while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                await Expect(judge, request);
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(workers);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {completed} | {completed / deadline.Elapsed.TotalSeconds:F1} |"));
    }
}
finally
{
    foreach (var controller in new[] { "memory", "pids", "cpuacct" })
    {
        var parent = Path.Combine(options.CgroupRoot, controller, cgroupName);
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent);
        }
    }
    if (Directory.Exists(options.WorkDirectory))
    {
        Directory.Delete(options.WorkDirectory, recursive: true);
    }
}

static async Task<CodeRunOutcome> Expect(CodeJudge judge, CodeRunRequest request)
{
    var outcome = await judge.RunAsync(request);
    if (outcome.Run.Status != SandboxStatus.Completed || outcome.Verdict is Verdict.WrongAnswer or Verdict.NotCompleted)
    {
        throw new InvalidOperationException($"{request.Language} run ended {outcome.Run.Status} / {outcome.Verdict}: {outcome.Run.Stderr}");
    }
    return outcome;
}

static double Percentile(List<double> values, double percentile)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}
