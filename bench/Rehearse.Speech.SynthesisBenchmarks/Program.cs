using System.Globalization;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.SynthesisBenchmarks;
using Rehearse.Testing;

// dotnet run -c Release --project bench/Rehearse.Speech.SynthesisBenchmarks -- [speed|roundtrip [max-sentences [voice ...]]|all|survey [step] [per-gender] [repeats]]
var mode = args.Length > 0 ? args[0] : "all";
if (mode is not ("speed" or "roundtrip" or "all" or "survey"))
{
    Console.Error.WriteLine("usage: -- [speed|roundtrip [max-sentences [voice ...]]|all|survey [step] [per-gender] [repeats]]");
    return 2;
}
// Capacity is raised so the concurrency run can go past the service default; everything else is as deployed.
using var host = new BenchmarkHost(new SynthesisOptions { MaxConcurrentStreams = 64 });
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; " +
    $"IntraOpNumThreads {host.Options.IntraOpNumThreads}, espeak-ng pool {host.Options.Espeak.PoolSize}, " +
    $"ReleaseMemoryAfterCall {host.Options.ReleaseMemoryAfterCall}.");
Console.WriteLine(Markdown.LoadAverage("at start"));
Console.WriteLine();
switch (mode)
{
    case "survey":
        await VoiceSurvey.RunAsync(
            host,
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
        break;
    case "speed":
        await SpeedBenchmark.RunAsync(host);
        break;
    case "roundtrip":
        await RoundTripBenchmark.RunAsync(host, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : int.MaxValue, args.Length > 2 ? args[2..] : []);
        break;
    default:
        await SpeedBenchmark.RunAsync(host);
        await RoundTripBenchmark.RunAsync(host, int.MaxValue, []);
        break;
}
Console.WriteLine(Markdown.LoadAverage("at end"));
return 0;
