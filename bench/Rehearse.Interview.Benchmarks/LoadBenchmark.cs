using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// How many spoken interviews the services carry at once on this machine: levels of concurrent candidates, each
/// answering the offline interviewer through <c>Converse</c> at real-time pace with the room's noise between
/// answers, against the services started as processes; per level the reply times, the Speech service's own
/// figures from its metrics, CPU and memory, until a level's voice-to-voice p95 crosses the threshold or anything
/// is refused or fails.
/// </summary>
/// <remarks>
/// <c>-- load [--levels 1,2,4,6,8,10,12] [--seconds 15-600] [--threshold-ms N] [--keep-going] [--silos 1|2]</c> (every
/// level played, not only those up to the first that fails: on a busy machine the trend still shows; with two silos,
/// two Interview processes of one cluster take the calls in turn); bench/run load builds the services. Candidates
/// keep their sessions from one level to the next, so a level measures turns in running interviews (the new
/// candidates' first questions included), not sessions starting.
/// </remarks>
internal static class LoadBenchmark
{
    private const string Usage = "usage: -- load [--levels 1,2,4,...] [--seconds 15-600] [--threshold-ms 100-60000] [--keep-going] [--silos 1|2]";

    /// <summary>Questions per session: enough that a session rarely ends within a level (one that does is replaced).</summary>
    private const int QuestionsPerSession = 20;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    // Candidates of a level join this far apart, so their turns do not start in step.
    private static readonly TimeSpan JoinEvery = TimeSpan.FromMilliseconds(700);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        IReadOnlyList<int> levels = [1, 2, 4, 6, 8, 10, 12];
        var seconds = 60;
        var thresholdMs = 1800.0;
        var keepGoing = false;
        var silos = 1;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--levels" && i + 1 < args.Count)
            {
                try
                {
                    levels = LoadRamp.ParseLevels(args[++i]);
                }
                catch (FormatException e)
                {
                    Console.Error.WriteLine($"{e.Message} {Usage}");
                    return 2;
                }
            }
            else if (args[i] == "--seconds" && i + 1 < args.Count && int.TryParse(args[++i], CultureInfo.InvariantCulture, out seconds) && seconds is >= 15 and <= 600)
            {
            }
            else if (args[i] == "--threshold-ms" && i + 1 < args.Count && double.TryParse(args[++i], CultureInfo.InvariantCulture, out thresholdMs) && thresholdMs is >= 100 and <= 60000)
            {
            }
            else if (args[i] == "--silos" && i + 1 < args.Count && int.TryParse(args[++i], CultureInfo.InvariantCulture, out silos) && silos is 1 or 2)
            {
            }
            else if (args[i] == "--keep-going")
            {
                keepGoing = true;
            }
            else
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
        Console.WriteLine(Markdown.LoadAverage("before the services started"));
        var build = new ServiceBuild("load", TestPaths.RepositoryRoot);
        var limits = SpeechLimits.Read(build);
        var logs = Path.Combine(TestPaths.RepositoryRoot, ".data", "logs", "bench-load");
        await using var database = await ScratchDatabase.CreateAsync("rehearse_load");
        await using var services = await ServiceProcesses.StartAsync(build, database.ConnectionString, logs, metrics: true, interviewSilos: silos);
        using var metrics = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var (answers, source) = await AnswersAsync(services);
        Console.WriteLine($"Answers: {source}; {answers.Count} answers of {answers.Min(a => a.End.TotalSeconds):0.0}-{answers.Max(a => a.End.TotalSeconds):0.0} s of speech, " +
            "16 kHz LINEAR16 in 100 ms chunks at real-time pace, the room's noise (-60 dBFS) between answers; the offline interviewer.");
        Console.WriteLine($"Levels: {string.Join(", ", levels)} concurrent interviews, {seconds} s each (a reply counts in the level in force when it arrives); " +
            $"threshold: voice-to-voice p95 ≤ {Markdown.F(thresholdMs)} ms with nothing refused or failed" +
            (keepGoing ? "; every level is played, though the capacity is still the last level before the first that failed." : ", the ramp stopping at the first level that fails."));
        Console.WriteLine(limits.Describe());
        Console.WriteLine(silos == 1
            ? "Interview service: one silo (process)."
            : $"Interview service: {silos} silos (processes) of one cluster on one database, each call going to the next silo in turn; " +
              "its CPU and RSS below are theirs together.");

        // Candidates keep their sessions from level to level; each level adds the new ones. One answer is played
        // first and not counted: the services' first turn loads what the later ones reuse.
        var runId = Guid.NewGuid().ToString("N")[..8];
        var ramp = new Ramp();
        var candidates = new List<Task>();
        candidates.Add(CandidateAsync(services, answers, 0, runId, ramp));
        await ramp.Current.FirstAnswer.WaitAsync(TimeSpan.FromMinutes(3));
        Console.WriteLine(Markdown.LoadAverage("after the warm-up answer, before the first level"));
        Console.WriteLine();

        var results = new List<LevelResult>();
        foreach (var level in levels)
        {
            Console.Error.WriteLine($"[load] {level} concurrent interviews for {seconds} s");
            var tally = new LevelTally();
            var before = await Snapshot.TakeAsync(services, metrics);
            var peaks = new Peaks();
            using var sampling = new CancellationTokenSource();
            var sampler = peaks.SampleUntilAsync(services, metrics, sampling.Token);
            ramp.Current = tally;
            var clock = Stopwatch.StartNew();
            for (var slot = candidates.Count; slot < level; slot++)
            {
                candidates.Add(CandidateAsync(services, answers, slot, runId, ramp));
                await Task.Delay(JoinEvery);
            }
            await Task.Delay(TimeSpan.FromSeconds(seconds) - clock.Elapsed);
            var after = await Snapshot.TakeAsync(services, metrics);
            // The Interview service absorbs the Speech service's refusals (it retries, and tells the candidate the
            // speech is unavailable), so they reach no candidate; they count as refusals all the same.
            var speechRefusals = (int)(LevelResult.ResourceExhausted(after.SpeechScrape) - LevelResult.ResourceExhausted(before.SpeechScrape));
            var result = new LevelResult(tally.Outcome(level, speechRefusals), tally, before, after, peaks, Markdown.LoadAverage("at the level's end"));
            await sampling.CancelAsync();
            await sampler;
            results.Add(result);
            var failure = LoadRamp.Failure(result.Outcome, thresholdMs);
            Console.Error.WriteLine($"[load] {level}: {result.Outcome.LatenciesMs.Count} answers, " +
                (result.Outcome.LatenciesMs.Count > 0 ? $"p95 {Markdown.Percentile(result.Outcome.LatenciesMs, 0.95):0} ms, " : "") +
                $"{result.Outcome.Refusals} refused, {result.Outcome.Errors} failed, machine CPU {result.MachineCpu:0} %; {failure ?? "held"}");
            if (failure is not null && !keepGoing)
            {
                break;
            }
        }
        // What the candidates do from here on (finishing the answer they are in, ending their sessions) is not counted.
        ramp.Current = new LevelTally();
        ramp.Stop();
        await Task.WhenAll(candidates);

        Print(results, limits, thresholdMs);
        Console.WriteLine(Markdown.LoadAverage("at end"));
        return 0;
    }

    /// <summary>The shared real recordings' complete answers when present, else answers the Speech service speaks.</summary>
    private static async Task<(IReadOnlyList<Spoken> Answers, string Source)> AnswersAsync(ServiceProcesses services)
    {
        if (TurnTakingSet.CompleteAnswers() is { } recorded)
        {
            return (recorded, "real recordings from ../shared/testdata/speech (the turns benchmark's complete answers)");
        }
        var spoken = await RecordedAnswer.RecordAsync(services.Speech);
        return ([.. spoken.Select(a => new Spoken(a.Text, a.Text, a.Pcm))],
            "the shared recordings are not present: answers spoken by the Speech service's default voice");
    }

    /// <summary>Which level's tally the candidates count into, and whether they should stop.</summary>
    private sealed class Ramp
    {
        private volatile LevelTally _current = new();
        private volatile bool _stopped;

        public LevelTally Current
        {
            get => _current;
            set => _current = value;
        }

        public bool Stopped => _stopped;

        public void Stop() => _stopped = true;
    }

    /// <summary>
    /// One candidate: answers question after question until the ramp stops, each reply counted in the level then in
    /// force; a session that ends or fails is replaced by a new one.
    /// </summary>
    private static async Task CandidateAsync(ServiceProcesses services, IReadOnlyList<Spoken> answers, int slot, string runId, Ramp ramp)
    {
        var client = services.Interview($"bench-load-{runId}-{slot}");
        var room = new RoomNoise(seed: 100 + slot);
        ScriptedSession? session = null;
        var next = slot;
        var seen = 0;
        while (!ramp.Stopped)
        {
            try
            {
                session ??= await ScriptedSession.StartAsync(client, room, QuestionsPerSession);
                var listening = await session.WaitUntilListeningAsync();
                if (ramp.Stopped)
                {
                    break;
                }
                var answer = answers[next++ % answers.Count];
                session.TakeMicrophoneLateness();
                var said = await session.SayAsync(answer.Pcm, listening.ReceivedAt + ScriptedSession.ThinkBeforeAnswering);
                var reply = await session.WaitForReplyAsync(said.SpeechStart);
                ramp.Current.Answered((reply.ReceivedAt - (said.SpeechStart + answer.End)).TotalMilliseconds, session.TakeMicrophoneLateness());
                seen = CountNotices(session, seen, ramp.Current);
            }
            catch (SessionFinishedException)
            {
                CountNotices(session!, seen, ramp.Current);
                await session!.DisposeAsync();
                (session, seen) = (null, 0);
            }
            catch (Exception e) when (e is RpcException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                ramp.Current.Failed(e);
                if (session is not null)
                {
                    CountNotices(session, seen, ramp.Current);
                    await session.DisposeAsync();
                    (session, seen) = (null, 0);
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>Counts the notices the session sent after its first <paramref name="seen"/> events; returns how many it has now.</summary>
    private static int CountNotices(ScriptedSession session, int seen, LevelTally tally)
    {
        var events = session.Log.Snapshot();
        tally.Noticed(events.Skip(seen).Where(e => e.Event.Notice is not null).Select(e => e.Event.Notice.Code));
        return events.Count;
    }

    private static void Print(IReadOnlyList<LevelResult> results, SpeechLimits limits, double thresholdMs)
    {
        Console.WriteLine();
        Console.WriteLine("### Load: concurrent spoken interviews");
        Console.WriteLine();
        Markdown.Table(
            ["interviews", "answers completed", "voice-to-voice p50 / p95 ms", "STT final p50 / p95 ms", "final and turn decodes that waited > 5 ms for a slot; wait p95 ms",
                "refused", "failed", "notices", "microphone late, worst ms", "verdict"],
            results.Select(r => (IReadOnlyList<string>)[
                Markdown.F(r.Outcome.Concurrency),
                Markdown.F(r.Outcome.LatenciesMs.Count),
                r.Outcome.LatenciesMs.Count == 0 ? "–" : $"{Markdown.F(Markdown.Median(r.Outcome.LatenciesMs))} / {Markdown.F(Markdown.Percentile(r.Outcome.LatenciesMs, 0.95))}",
                $"{Ms(r.SpeechQuantile(SpeechMetric.FinalLatency, 0.5))} / {Ms(r.SpeechQuantile(SpeechMetric.FinalLatency, 0.95))}",
                r.DecodesWaitedShare switch
                {
                    null => "–",
                    0 => $"0 % of {Markdown.F(r.SpeechCount(SpeechMetric.DecodeWait))}",
                    var share => $"{Markdown.F(100 * share.Value)} % of {Markdown.F(r.SpeechCount(SpeechMetric.DecodeWait))}; {Ms(r.SpeechQuantile(SpeechMetric.DecodeWait, 0.95))}",
                },
                r.RefusalsText,
                r.ErrorsText,
                r.NoticesText,
                Markdown.F(r.MicrophoneLatenessMs),
                LoadRamp.Failure(r.Outcome, thresholdMs) is { } failure ? "failed: " + failure : "held",
            ]));
        Console.WriteLine("Voice-to-voice: from the end of the answer's speech in the audio sent to the interviewer's first audio received. " +
            "STT final and the decode waits are the Speech service's own histograms (rehearse.speech.recognition.final.latency, " +
            "…decode.wait) over the level, interpolated inside their buckets (…, 0.5, 0.75, 1, 1.5, 2, 3 s); STT final includes the " +
            "600 ms endpointing silence.");
        Console.WriteLine();

        Console.WriteLine("### Load: CPU and memory");
        Console.WriteLine();
        Markdown.Table(
            ["interviews", "machine CPU %", "Speech / Interview / this load generator, cores", "RSS peak MiB, Speech / Interview",
                "peak recognitions / decodes running / decodes waiting / syntheses (1 s samples)", "load average during"],
            results.Select(r => (IReadOnlyList<string>)[
                Markdown.F(r.Outcome.Concurrency),
                Markdown.F(r.MachineCpu),
                $"{Markdown.F(r.Cores(s => s.Speech), "0.00")} / {Markdown.F(r.Cores(s => s.Interview), "0.00")} / {Markdown.F(r.Cores(s => s.Generator), "0.00")}",
                $"{Markdown.F(r.Peaks.SpeechRssMiB)} / {Markdown.F(r.Peaks.InterviewRssMiB)}",
                $"{Markdown.F(r.Peaks.Recognitions)} / {Markdown.F(r.Peaks.DecodesRunning)} / {Markdown.F(r.Peaks.DecodesWaiting)} / {Markdown.F(r.Peaks.Syntheses)}",
                r.LoadAverage.Replace("Load average (1/5/15 min) at the level's end: ", "", StringComparison.Ordinal).TrimEnd('.'),
            ]));
        Console.WriteLine("CPU: the machine's share of busy time (/proc/stat, every process on it) and each process's CPU time over the level " +
            "divided by its length; the load generator (this process: microphones, event readers) runs on the same cores.");
        Console.WriteLine();

        var capacity = LoadRamp.Capacity([.. results.Select(r => r.Outcome)], thresholdMs);
        var firstFailed = results.FirstOrDefault(r => LoadRamp.Failure(r.Outcome, thresholdMs) is not null);
        Console.WriteLine($"**Concurrent interviews on {Environment.ProcessorCount} cores: {(capacity is { } c ? Markdown.F(c) : "none (the first level failed)")}** " +
            $"(the highest level with voice-to-voice p95 ≤ {Markdown.F(thresholdMs)} ms, nothing refused and nothing failed" +
            (firstFailed is null ? "; no level failed, so the figure is a lower bound)" : $"; {firstFailed.Outcome.Concurrency} failed: {LoadRamp.Failure(firstFailed.Outcome, thresholdMs)})"));
        Console.WriteLine();
        Console.WriteLine("### Speech service limits: which binds first");
        Console.WriteLine();
        Markdown.Table(["limit", "value", "first level reaching it"], limits.Rows(results));
    }

    private static string Ms(double? seconds) => seconds is { } s ? Markdown.F(s * 1000) : "–";

    /// <summary>The Speech service's instruments as Prometheus names them.</summary>
    internal static class SpeechMetric
    {
        public const string FinalLatency = "rehearse_speech_recognition_final_latency_seconds";
        public const string DecodeWait = "rehearse_speech_recognition_decode_wait_seconds";
        public const string Recognitions = "rehearse_speech_recognition_active";
        public const string DecodesRunning = "rehearse_speech_recognition_decodes_running";
        public const string DecodesWaiting = "rehearse_speech_recognition_decodes_waiting";
        public const string Syntheses = "rehearse_speech_synthesis_active";
        public const string Refusals = "rehearse_rpc_server_refusals_total";
    }

    /// <summary>What the candidates of one level saw.</summary>
    private sealed class LevelTally
    {
        private readonly Lock _lock = new();
        private readonly List<double> _latencies = [];
        private readonly List<string> _refusals = [];
        private readonly List<string> _errors = [];
        private readonly List<string> _notices = [];
        private readonly TaskCompletionSource _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TimeSpan _lateness;

        /// <summary>Completes when the first answer has been replied to.</summary>
        public Task FirstAnswer => _firstAnswer.Task;

        public void Answered(double voiceToVoiceMs, TimeSpan microphoneLateness)
        {
            lock (_lock)
            {
                _latencies.Add(voiceToVoiceMs);
                _lateness = microphoneLateness > _lateness ? microphoneLateness : _lateness;
            }
            _firstAnswer.TrySetResult();
        }

        public void Failed(Exception e)
        {
            // A Converse call the service ended reaches the script as the log's InvalidOperationException.
            var status = (e as RpcException ?? e.InnerException as RpcException)?.StatusCode;
            lock (_lock)
            {
                (status == StatusCode.ResourceExhausted ? _refusals : _errors).Add($"{e.GetType().Name}: {e.Message}");
            }
            Console.Error.WriteLine($"[load] {e.GetType().Name}: {e.Message}");
        }

        public void Noticed(IEnumerable<string> codes)
        {
            lock (_lock)
            {
                _notices.AddRange(codes);
            }
        }

        /// <summary>The level's outcome, with <paramref name="speechRefusals"/> the candidates did not see.</summary>
        public LoadLevel Outcome(int level, int speechRefusals)
        {
            lock (_lock)
            {
                return new LoadLevel(level, [.. _latencies], _refusals.Count + speechRefusals, _errors.Count);
            }
        }

        public IReadOnlyList<string> Refusals => _refusals;

        public IReadOnlyList<string> Errors => _errors;

        public IReadOnlyList<string> Notices => _notices;

        public TimeSpan Lateness => _lateness;
    }

    /// <summary>CPU times and both services' scrapes at one moment.</summary>
    private sealed record Snapshot(
        long ClockTicks, (long Busy, long Total) Machine, TimeSpan Speech, TimeSpan Interview, TimeSpan Generator,
        PrometheusScrape SpeechScrape, IReadOnlyList<PrometheusScrape> InterviewScrapes)
    {
        public static async Task<Snapshot> TakeAsync(ServiceProcesses services, HttpClient metrics) => new(
            Stopwatch.GetTimestamp(), MachineTimes(), services.SpeechProcessorTime(), services.InterviewProcessorTime(),
            Process.GetCurrentProcess().TotalProcessorTime,
            await ScrapeAsync(metrics, services.SpeechMetrics!),
            await Task.WhenAll(services.InterviewSiloMetrics.Select(uri => ScrapeAsync(metrics, uri))));

        /// <summary>Busy and total jiffies of every core since boot (the first line of /proc/stat; idle and iowait are not busy).</summary>
        private static (long Busy, long Total) MachineTimes()
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal (guest time is inside user already).
            var total = fields.Take(8).Sum();
            return (total - fields[3] - fields[4], total);
        }
    }

    private static async Task<PrometheusScrape> ScrapeAsync(HttpClient metrics, Uri uri) => PrometheusScrape.Parse(await metrics.GetStringAsync(uri));

    /// <summary>Peaks of the gauges and memory, sampled through a level.</summary>
    private sealed class Peaks
    {
        public double SpeechRssMiB { get; private set; }

        public double InterviewRssMiB { get; private set; }

        public double Recognitions { get; private set; }

        public double DecodesRunning { get; private set; }

        public double DecodesWaiting { get; private set; }

        public double Syntheses { get; private set; }

        /// <summary>Samples every second until <paramref name="stop"/>.</summary>
        public async Task SampleUntilAsync(ServiceProcesses services, HttpClient metrics, CancellationToken stop)
        {
            try
            {
                while (true)
                {
                    await SampleAsync(services, metrics);
                    await Task.Delay(SampleEvery, stop);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task SampleAsync(ServiceProcesses services, HttpClient metrics)
        {
            SpeechRssMiB = Math.Max(SpeechRssMiB, services.SpeechResidentBytes() / (1024.0 * 1024));
            InterviewRssMiB = Math.Max(InterviewRssMiB, services.InterviewResidentBytes() / (1024.0 * 1024));
            PrometheusScrape scrape;
            try
            {
                scrape = await ScrapeAsync(metrics, services.SpeechMetrics!);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // A scrape that did not come in time on a loaded machine leaves a gap in the samples.
                return;
            }
            Recognitions = Math.Max(Recognitions, scrape.Sum(SpeechMetric.Recognitions));
            DecodesRunning = Math.Max(DecodesRunning, scrape.Sum(SpeechMetric.DecodesRunning));
            DecodesWaiting = Math.Max(DecodesWaiting, scrape.Sum(SpeechMetric.DecodesWaiting));
            Syntheses = Math.Max(Syntheses, scrape.Sum(SpeechMetric.Syntheses));
        }
    }

    private sealed record LevelResult(LoadLevel Outcome, LevelTally Tally, Snapshot Before, Snapshot After, Peaks Peaks, string LoadAverage)
    {
        private double Seconds => Stopwatch.GetElapsedTime(Before.ClockTicks, After.ClockTicks).TotalSeconds;

        public double MachineCpu => 100.0 * (After.Machine.Busy - Before.Machine.Busy) / Math.Max(1, After.Machine.Total - Before.Machine.Total);

        public double Cores(Func<Snapshot, TimeSpan> process) => (process(After) - process(Before)).TotalSeconds / Seconds;

        public double? SpeechQuantile(string histogram, double quantile) => After.SpeechScrape.HistogramQuantile(histogram, quantile, Before.SpeechScrape);

        public double SpeechCount(string histogram) => After.SpeechScrape.HistogramCount(histogram, Before.SpeechScrape);

        /// <summary>The share of final and turn decodes that waited more than 5 ms (the histogram's first bound) for a slot.</summary>
        public double? DecodesWaitedShare => After.SpeechScrape.HistogramShareAtOrBelow(SpeechMetric.DecodeWait, 0.005, Before.SpeechScrape) is { } quick ? 1 - quick : null;

        /// <summary>Refusals the services counted over the level, by method and reason, with the client's count.</summary>
        public double SpeechRefusals(string methodPart) => Refused(After.SpeechScrape, methodPart) - Refused(Before.SpeechScrape, methodPart);

        private static double Refused(PrometheusScrape scrape, string methodPart) => scrape.Find(SpeechMetric.Refusals, ("reason", "resource_exhausted"))
            .Where(s => s.Labels.TryGetValue("rpc_method", out var method) && method.Contains(methodPart, StringComparison.Ordinal)).Sum(s => s.Value);

        public string RefusalsText =>
            $"{Markdown.F(Tally.Refusals.Count)} to the candidates; the services counted Speech {Markdown.F(ResourceExhausted(After.SpeechScrape) - ResourceExhausted(Before.SpeechScrape))}, " +
            $"Interview {Markdown.F(After.InterviewScrapes.Sum(ResourceExhausted) - Before.InterviewScrapes.Sum(ResourceExhausted))}";

        /// <summary>The calls a service refused for capacity so far.</summary>
        public static double ResourceExhausted(PrometheusScrape scrape) => scrape.Sum(SpeechMetric.Refusals, ("reason", "resource_exhausted"));

        public string ErrorsText => Tally.Errors.Count > 0 ? $"{Tally.Errors.Count}: {string.Join("; ", Tally.Errors.Distinct().Take(3))}" : "0";

        public string NoticesText => Tally.Notices.Count > 0 ? string.Join(", ", Tally.Notices.GroupBy(n => n).Select(g => $"{g.Count()} × {g.Key}")) : "none";

        public double MicrophoneLatenessMs => Tally.Lateness.TotalMilliseconds;
    }

    /// <summary>The Speech service's capacity settings, from the appsettings.json the service runs with.</summary>
    private sealed record SpeechLimits(int MaxConcurrentRecognitions, int MaxConcurrentDecodes, string AdmissionWait, int MaxConcurrentStreams)
    {
        public static SpeechLimits Read(ServiceBuild build)
        {
            var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(build.Dll("Speech", "Rehearse.Speech.Api"))!, "appsettings.json")))!;
            var recognition = settings["Speech"]!["Recognition"]!;
            return new SpeechLimits(
                recognition["MaxConcurrentRecognitions"]!.GetValue<int>(),
                recognition["MaxConcurrentDecodes"]!.GetValue<int>(),
                recognition["AdmissionWait"]!.GetValue<string>(),
                settings["Speech"]!["Synthesis"]!["MaxConcurrentStreams"]!.GetValue<int>());
        }

        public string Describe() =>
            $"Speech service limits (its appsettings.json): Speech:Recognition:MaxConcurrentRecognitions {MaxConcurrentRecognitions} " +
            $"(AdmissionWait {AdmissionWait}), Speech:Recognition:MaxConcurrentDecodes {MaxConcurrentDecodes}, " +
            $"Speech:Synthesis:MaxConcurrentStreams {MaxConcurrentStreams}.";

        public IEnumerable<IReadOnlyList<string>> Rows(IReadOnlyList<LevelResult> results)
        {
            yield return ["Speech:Recognition:MaxConcurrentDecodes (decode slots; a final waits for one)", Markdown.F(MaxConcurrentDecodes),
                First(results, r => r.DecodesWaitedShare > 0 || r.Peaks.DecodesWaiting > 0,
                    r => $"{Markdown.F(100 * (r.DecodesWaitedShare ?? 0))} % of final and turn decodes waited, up to {Markdown.F(r.Peaks.DecodesWaiting)} queued in a sample")];
            yield return ["Speech:Recognition:MaxConcurrentRecognitions (streams; refused above)", Markdown.F(MaxConcurrentRecognitions),
                First(results, r => r.Peaks.Recognitions >= MaxConcurrentRecognitions || r.SpeechRefusals("Recogni") > 0,
                    r => $"peak {Markdown.F(r.Peaks.Recognitions)}, {Markdown.F(r.SpeechRefusals("Recogni"))} refused")
                + $"; peak {Markdown.F(results.Max(r => r.Peaks.Recognitions))} over the run"];
            yield return ["Speech:Synthesis:MaxConcurrentStreams (syntheses; refused above)", Markdown.F(MaxConcurrentStreams),
                First(results, r => r.Peaks.Syntheses >= MaxConcurrentStreams || r.SpeechRefusals("Synthesi") > 0,
                    r => $"peak {Markdown.F(r.Peaks.Syntheses)}, {Markdown.F(r.SpeechRefusals("Synthesi"))} refused")
                + $"; peak {Markdown.F(results.Max(r => r.Peaks.Syntheses))} over the run"];
        }

        private static string First(IReadOnlyList<LevelResult> results, Func<LevelResult, bool> reached, Func<LevelResult, string> how) =>
            results.FirstOrDefault(reached) is { } first ? $"{Markdown.F(first.Outcome.Concurrency)} ({how(first)})" : "not reached";
    }
}
