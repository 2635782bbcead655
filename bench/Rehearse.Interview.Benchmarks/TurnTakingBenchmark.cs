using System.Globalization;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// Turn-taking of the real services, before and after in one run: the same scripted conversation from real
/// recordings, said at real-time pace through <c>Converse</c> to the services of each build started as processes,
/// and one table of how each build took turns.
/// </summary>
/// <remarks>
/// <c>-- turns --build NAME=DIR [--build NAME=DIR] [--runs N] [--rounds N] [--patience P[,P...]]</c> (the script's first N rounds); each DIR is a
/// source tree whose Speech and Interview services are built in Release (bench/run turns builds them, the baseline from a tree of its own).
/// The last build plays the script once per listed patience (relaxed, normal, brisk), a column each; without the option, and always for the
/// earlier builds, the sessions leave patience unset, since a baseline may predate the field.
/// </remarks>
internal static class TurnTakingBenchmark
{
    private const string Usage = "usage: -- turns --build NAME=DIR [--build NAME=DIR] [--runs 1-10] [--rounds 1-4] [--patience relaxed|normal|brisk[,...]]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var builds = new List<ServiceBuild>();
        var runs = 1;
        var rounds = TurnTakingSet.Rounds;
        IReadOnlyList<Patience> patiences = [Patience.Unspecified];
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--build" && i + 1 < args.Count && args[++i].Split('=', 2) is [{ Length: > 0 } name, { Length: > 0 } root])
            {
                builds.Add(new ServiceBuild(name, Path.GetFullPath(root)));
            }
            else if (args[i] == "--runs" && i + 1 < args.Count && int.TryParse(args[++i], CultureInfo.InvariantCulture, out runs) && runs is >= 1 and <= 10)
            {
            }
            else if (args[i] == "--rounds" && i + 1 < args.Count && int.TryParse(args[++i], CultureInfo.InvariantCulture, out rounds)
                && rounds >= 1 && rounds <= TurnTakingSet.Rounds)
            {
            }
            else if (args[i] == "--patience" && i + 1 < args.Count && ParsePatiences(args[++i]) is { } parsed)
            {
                patiences = parsed;
            }
            else
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }
        if (builds.Count == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
        Console.WriteLine(Markdown.LoadAverage("at start"));
        if (TestPaths.SharedSpeechDirectory is null)
        {
            Console.WriteLine("The shared recordings (../shared/testdata/speech) are not present: the turn-taking benchmark needs them; skipped.");
            return 0;
        }

        var room = new RoomNoise();
        var logs = Path.Combine(TestPaths.RepositoryRoot, ".data", "logs", "bench-turns");
        IReadOnlyList<ScriptStep>? script = null;
        string backchannelVoice = "";
        var results = new List<(ServiceBuild Build, IReadOnlyList<StepOutcome> Outcomes, string LoadAtStart, string LoadAtEnd)>();
        foreach (var build in builds)
        {
            var loadAtStart = Markdown.LoadAverage($"when {build.Name} started");
            Console.Error.WriteLine($"[{build.Name}] starting the services of {build.Root}");
            await using var database = await ScratchDatabase.CreateAsync("rehearse_turns");
            await using var services = await ServiceProcesses.StartAsync(build, database.ConnectionString, logs);
            if (script is null)
            {
                // Backchannels in a voice other than the interviewer's (the service's default, listed first).
                var voices = (await services.Speech.ListVoicesAsync(new ListVoicesRequest())).Voices;
                backchannelVoice = voices.Count > 1 ? voices[1].Id : "";
                script = TurnTakingSet.Build(room, await TurnTakingSet.SpeakBackchannelsAsync(services.Speech, backchannelVoice))!
                    .Take(rounds * TurnTakingSet.StepsPerRound).ToList();
            }
            foreach (var patience in build == builds[^1] ? patiences : [Patience.Unspecified])
            {
                var played = patience == Patience.Unspecified ? build : build with { Name = $"{build.Name}, {PatienceName(patience)}" };
                var outcomes = await TurnTakingRun.PlayAsync(services, script, room, runs, played.Name, patience);
                var loadAtEnd = Markdown.LoadAverage($"when {played.Name} ended");
                results.Add((played, outcomes, loadAtStart, loadAtEnd));
                // The next setting starts where this one ended.
                loadAtStart = loadAtEnd;
            }
        }

        Print(results, script!, runs, backchannelVoice, room);
        Console.WriteLine(Markdown.LoadAverage("at end"));
        return 0;
    }

    /// <summary>A comma-separated list of patience names, or null when one is not a patience.</summary>
    private static IReadOnlyList<Patience>? ParsePatiences(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var patiences = names.Select(name => Enum.GetValues<Patience>().FirstOrDefault(p => p != Patience.Unspecified && PatienceName(p) == name)).ToList();
        return names.Length > 0 && !patiences.Contains(Patience.Unspecified) ? patiences : null;
    }

    private static string PatienceName(Patience patience) => patience.ToString().ToLowerInvariant();

    private static void Print(
        IReadOnlyList<(ServiceBuild Build, IReadOnlyList<StepOutcome> Outcomes, string LoadAtStart, string LoadAtEnd)> results,
        IReadOnlyList<ScriptStep> script,
        int runs,
        string backchannelVoice,
        RoomNoise room)
    {
        Console.WriteLine();
        foreach (var result in results)
        {
            Console.WriteLine($"{result.Build.Name}: {result.Build.Root}. {result.LoadAtStart} {result.LoadAtEnd}");
        }
        Console.WriteLine($"Script: {script.Count} steps, played {runs} time(s) per build; room noise {room.LevelDbfs:0} dBFS between and inside answers; " +
            $"backchannels spoken by the Speech service's voice '{backchannelVoice}'.");
        Console.WriteLine();

        Console.WriteLine("### Turn-taking: before and after");
        Console.WriteLine();
        var header = new List<string> { "figure" };
        header.AddRange(results.Select(r => r.Build.Name));
        header.Add("target");
        Markdown.Table(header, Figures().Select(f =>
        {
            var row = new List<string> { f.Name };
            row.AddRange(results.Select(r => f.Value(r.Outcomes)));
            row.Add(f.Target);
            return (IReadOnlyList<string>)row;
        }));
        Console.WriteLine("The first complete answer of each build is left out of the reply times (a cold start) and shown below. " +
            "An answer ended early is counted where it belongs and not in the reply times.");
        Console.WriteLine();

        Console.WriteLine("### Every step");
        Console.WriteLine();
        Markdown.Table(
            ["build", "run", "kind", "said", "speech ends (s)", "answer ended at (s)", "reply after the speech (ms)", "next", "over the question: interrupted / after (ms)", "continuation: delay / reply stopped after (ms), withdrawn, recovered", "heard"],
            results.SelectMany(r => r.Outcomes.Select(o => (IReadOnlyList<string>)[
                r.Build.Name,
                Markdown.F(o.Run + 1),
                o.Step.Kind.ToString(),
                (o.Step.Backchannel is { } b ? b.Label + " over the question, then " : "") + o.Step.Answer.Label,
                o.Step.Kind == StepKind.Interruption ? "" : Markdown.F(o.Step.Answer.End.TotalSeconds, "0.0"),
                o.Failure ?? (o.EndedAt is { } at ? Markdown.F(at.TotalSeconds, "0.0") + (o.EndedEarly ? " (early)" : "") : ""),
                Ms(o.ReplyAfterSpeechEnd),
                o.Step.Kind == StepKind.Interruption ? "" : o.ReplyKind.ToString(),
                o.Step.Kind == StepKind.Interruption
                    ? $"{(o.InterruptedAfter is null ? "no" : "yes")} / {Ms(o.InterruptedAfter)}" +
                        (o.AudioUntil is { } until ? $", its audio arriving until {Markdown.F(until)}" : ", all its audio had arrived") +
                        (o.SaidOverQuestion == false ? " (after the question ended)" : "")
                    : o.BackchannelInterrupted is { } i ? (i ? "yes" : "no") + (o.SaidOverQuestion == false ? " (after the question ended)" : "") : "",
                o.Step.Continuation is not null ? $"{Ms(o.ContinuationDelay)} / {Ms(o.ReplyStoppedAfter)}, {WithdrawnRecovered(o)}"
                    : o.Recovered is not null ? WithdrawnRecovered(o) : "",
                o.Heard,
            ])));
    }

    private sealed record Figure(string Name, Func<IReadOnlyList<StepOutcome>, string> Value, string Target);

    private static IEnumerable<Figure> Figures() =>
    [
        new("end of speech → first interviewer audio, complete answers: p50 / p95 ms (n)", o =>
        {
            var complete = Measured(o, StepKind.Complete).ToList();
            var warm = complete.Skip(1).Where(s => !s.EndedEarly).Select(s => s.ReplyAfterSpeechEnd!.Value).ToList();
            return warm.Count == 0 ? "–" : $"{Markdown.F(Markdown.Median(warm))} / {Markdown.F(Markdown.Percentile(warm, 0.95))} ({warm.Count})" +
                (complete.Count > 0 ? $"; first answer {Ms(complete[0].ReplyAfterSpeechEnd)}" : "");
        }, "≤ 1,000 / ≤ 1,800"),
        new("complete answers ended before their speech did", o => Count(Measured(o, StepKind.Complete), s => s.EndedEarly), "0"),
        new("answers ended inside a mid-sentence pause of 3 s / 5 s", o =>
            $"{Count(Measured(o, StepKind.Pause).Where(s => s.Step.Pause!.Value.Inserted.TotalSeconds < 4), s => s.EndedInPause)} / " +
            $"{Count(Measured(o, StepKind.Pause).Where(s => s.Step.Pause!.Value.Inserted.TotalSeconds >= 4), s => s.EndedInPause)}", "0 / 0"),
        new("answers ended inside a pause, then recovered into one answer", o =>
            Count(Measured(o, StepKind.Pause).Where(s => s.EndedInPause), s => s.Recovered == true), "all"),
        new("long answers (20–40 s, breaths between sentences) ended early", o => Count(Measured(o, StepKind.Long), s => s.EndedEarly), "0"),
        new("long answers ended early, then recovered into one answer", o =>
            Count(Measured(o, StepKind.Long).Where(s => s.EndedEarly), s => s.Recovered == true), "all"),
        new("wrong ends recovered (continuation joined to the same answer)", o => Count(Measured(o, StepKind.WrongEnd), s => s.Recovered == true), "all"),
        new("backchannels that interrupt the interviewer", o =>
            Count(o.Where(s => s.Failure is null && s.SaidOverQuestion == true && s.BackchannelInterrupted is not null), s => s.BackchannelInterrupted == true), "0"),
        new("real interruption → InterviewerInterrupted received: p50 / p95 ms (n); not stopped; last question audio received, p50 ms", o =>
        {
            var over = Measured(o, StepKind.Interruption).Where(s => s.SaidOverQuestion == true).ToList();
            var times = over.Where(s => s.InterruptedAfter is not null).Select(s => s.InterruptedAfter!.Value).ToList();
            // Audio that had all arrived before the interruption's first sound counts as 0.
            var lastAudio = over.Select(s => s.AudioUntil ?? 0).ToList();
            return (times.Count == 0 ? "–" : $"{Markdown.F(Markdown.Median(times))} / {Markdown.F(Markdown.Percentile(times, 0.95))} ({times.Count})") +
                $"; {over.Count(s => s.InterruptedAfter is null)} of {over.Count}" +
                $"; {(lastAudio.Count == 0 ? "–" : Markdown.F(Markdown.Median(lastAudio)))}";
        }, "≤ 300"),
        new("steps not measured (timeouts, sessions ended)", o => Markdown.F(o.Count(s => s.Failure is not null)), "0"),
    ];

    private static IEnumerable<StepOutcome> Measured(IReadOnlyList<StepOutcome> outcomes, StepKind kind) =>
        outcomes.Where(o => o.Step.Kind == kind && o.Failure is null);

    private static string Count(IEnumerable<StepOutcome> outcomes, Func<StepOutcome, bool> counted)
    {
        var all = outcomes.ToList();
        return $"{all.Count(counted)} of {all.Count}";
    }

    private static string WithdrawnRecovered(StepOutcome o) =>
        $"{(o.ReplyWithdrawn ? "withdrawn" : "not withdrawn")}, {(o.Recovered == true ? "recovered" : "not recovered")}";

    private static string Ms(double? value) => value is { } v ? Markdown.F(v) : "–";
}
