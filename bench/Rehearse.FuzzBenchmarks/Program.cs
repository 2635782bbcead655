using System.Globalization;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Rehearse.Interview.Benchmarks;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;
using Rehearse.Testing;
using Rehearse.Testing.Fuzzing;

namespace Rehearse.FuzzBenchmarks;

/// <summary>
/// Long fuzz runs: the Speech and Interview services of this tree run as processes on loopback ports (the Interview
/// service on a scratch database of REHEARSE_TEST_POSTGRES), and every rpc of each gets fuzzed requests; prints one
/// table per service (calls, status counts, slowest call), each process's resident set before and after, and
/// every call that ended with a status the service did not choose.
/// </summary>
/// <remarks>
/// <c>bench/run fuzz [--messages N] [--seed S] [--service speech|interview|all] [--replay Rpc:CaseSeed]</c>.
/// <c>--replay</c> sends one case again (its rpc and case seed as a failure prints them) and prints how it ended.
/// </remarks>
internal static class FuzzBenchmark
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    public static async Task<int> Main(string[] args)
    {
        var calls = 50_000;
        var seed = 1;
        var which = "all";
        string? replay = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--messages" when i + 1 < args.Length:
                    calls = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--service" when i + 1 < args.Length && args[i + 1] is "speech" or "interview" or "all":
                    which = args[++i];
                    break;
                case "--replay" when i + 1 < args.Length && args[i + 1].Contains(':', StringComparison.Ordinal):
                    replay = args[++i];
                    break;
                default:
                    Console.Error.WriteLine("usage: bench/run fuzz [--messages N] [--seed S] [--service speech|interview|all] [--replay Rpc:CaseSeed]");
                    return 2;
            }
        }

        Console.WriteLine(Markdown.LoadAverage("at start"));
        var logs = Path.Combine(TestPaths.RepositoryRoot, ".data", "bench", "fuzz");
        await using var database = await ScratchDatabase.CreateAsync("rehearse_fuzz");
        await using var services = await ServiceProcesses.StartAsync(new ServiceBuild("fuzz", TestPaths.RepositoryRoot), database.ConnectionString, logs);
        Console.WriteLine($"Services: Release builds of this tree as processes on loopback; logs in {logs}. Each call's deadline: {CallDeadline.TotalSeconds:0} s.");

        var apiKey = "fuzz-" + Guid.NewGuid().ToString("N");
        using var speech = new FuzzChannels(new Uri(services.SpeechAddress));
        using var interview = new FuzzChannels(new Uri(services.InterviewAddress), invoker => ServiceProcesses.WithApiKey(invoker, apiKey));
        var targets = new List<(string Name, FuzzChannels Channels, ServiceDescriptor Service, Func<Task<FuzzOptions>> Options, int Process)>
        {
            ("Speech", speech, SpeechService.Descriptor, () => SpeechOptionsAsync(services.Speech), 0),
            ("Interview", interview, InterviewService.Descriptor, () => InterviewOptionsAsync(new InterviewService.InterviewServiceClient(interview.SharedInvoker)), 1),
        };

        if (replay is not null)
        {
            var (rpc, caseSeed) = (replay[..replay.IndexOf(':', StringComparison.Ordinal)], int.Parse(replay[(replay.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture));
            var target = targets.Single(t => t.Service.Methods.Any(m => m.Name == rpc));
            var options = await target.Options();
            var outcome = await new RpcFuzzer(target.Channels, target.Service, options with { CallDeadline = CallDeadline })
                .CallAsync(FuzzCase.Create(target.Service.FindMethodByName(rpc), caseSeed, options.Values));
            Console.WriteLine($"{outcome.Status} after {outcome.Latency.TotalMilliseconds:F0} ms{(outcome.Hung ? " (hung)" : "")}: {outcome.Detail}");
            Console.WriteLine(outcome.Case.Describe());
            return outcome.IsFailure ? 1 : 0;
        }

        var failed = false;
        foreach (var target in targets.Where(t => which == "all" || t.Name.Equals(which, StringComparison.OrdinalIgnoreCase)))
        {
            var options = await target.Options() with { Calls = calls, Seed = seed, CallDeadline = CallDeadline };
            var before = services.ResidentBytes()[target.Process];
            var started = DateTime.UtcNow;
            var result = await new RpcFuzzer(target.Channels, target.Service, options).RunAsync();
            var elapsed = DateTime.UtcNow - started;
            var after = services.ResidentBytes()[target.Process];
            var health = await RpcFuzzer.HealthAsync(target.Channels.Shared.CreateCallInvoker());

            Console.WriteLine();
            Console.WriteLine($"## {target.Name} service: {calls:N0} calls, seed {seed}, {elapsed.TotalMinutes:F1} min");
            Console.WriteLine();
            Console.Write(result.Table());
            Console.WriteLine();
            Console.WriteLine($"{target.Name} process RSS: {before >> 20} MiB before, {after >> 20} MiB after; health afterwards: {health}.");
            foreach (var failure in result.Failures)
            {
                Console.WriteLine();
                Console.WriteLine(failure.Describe());
            }
            failed |= result.Failures.Count > 0 || health != HealthCheckResponse.Types.ServingStatus.Serving;
        }
        Console.WriteLine();
        Console.WriteLine(Markdown.LoadAverage("at end"));
        return failed ? 1 : 0;
    }

    private static async Task<FuzzOptions> SpeechOptionsAsync(SpeechService.SpeechServiceClient speech)
    {
        var voices = await speech.ListVoicesAsync(new ListVoicesRequest());
        return new FuzzOptions { Values = new FuzzValues(["moonshine-base", "moonshine-tiny", "en-US", .. voices.Voices.Select(v => v.Id)]) };
    }

    // String fields draw on the caller's real sessions, roles and voices, so that requests reach the sessions.
    private static async Task<FuzzOptions> InterviewOptionsAsync(InterviewService.InterviewServiceClient interview)
    {
        var setup = await interview.GetSetupOptionsAsync(new GetSetupOptionsRequest());
        List<string> known = [.. setup.Roles.Select(r => r.Id), .. setup.Voices.Select(v => v.Id)];
        for (var i = 0; i < 3; i++)
        {
            var config = new SessionConfig { Role = setup.Roles[0].Id, InterviewType = InterviewType.Technical, Difficulty = Difficulty.Medium, QuestionCount = 2 };
            known.Add((await interview.CreateSessionAsync(new CreateSessionRequest { Config = config })).Session.Id);
        }
        return new FuzzOptions { Values = new FuzzValues(known), OpenEndedStreams = new HashSet<string> { "StreamEvents", "Converse" } };
    }
}
