using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.RecognitionBenchmarks;
using Rehearse.Testing;

// Usage: dotnet run -c Release --project bench/Rehearse.Speech.RecognitionBenchmarks -- [accuracy|speed|all|audio [all|speed]]
var mode = args.Length > 0 ? args[0] : "all";
if (mode is not ("accuracy" or "speed" or "all" or "audio"))
{
    Console.Error.WriteLine("usage: Rehearse.Speech.RecognitionBenchmarks [accuracy|speed|all|audio [all|speed]]");
    return 2;
}
var corpus = SpeechCorpus.Load();
if (corpus is null)
{
    Console.Error.WriteLine("The shared recordings (../shared/testdata/speech or $REHEARSE_SPEECH_TESTDATA) are not present.");
    return 1;
}

var options = new RecognitionOptions();
if (mode == "audio")
{
    using var audioEngine = new SpeechRecognitionEngine(options, TestPaths.ModelsDirectory);
    Console.WriteLine("# Audio paths: Rehearse.Speech.Audio and NAudio.Core side by side");
    Console.WriteLine();
    Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {MachineDescription.Cpu()} · .NET {Environment.Version} · " +
        $"{corpus.Count} clips, {corpus.Sum(c => c.DurationSeconds):0} s · {RecognitionModelCatalog.MoonshineTiny}");
    Console.WriteLine();
    var audioStarted = System.Diagnostics.Stopwatch.StartNew();
    await AudioBenchmark.RunAsync(audioEngine, corpus, accuracy: args.Length < 2 || args[1] != "speed");
    Console.WriteLine($"_Benchmark wall time: {audioStarted.Elapsed.TotalMinutes:0.0} min._");
    return 0;
}
var baselineRss = Measurements.SettledResidentMegabytes();
using var engine = new SpeechRecognitionEngine(options, TestPaths.ModelsDirectory);
var context = new BenchmarkContext(engine, options, corpus, baselineRss);
Console.WriteLine($"# Speech recognition benchmark");
Console.WriteLine();
Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {MachineDescription.Cpu()} · .NET {Environment.Version} · " +
    $"{corpus.Count} clips, {corpus.Sum(c => c.DurationSeconds):0} s · IntraOpThreads {options.IntraOpThreads}, MaxConcurrentDecodes {options.MaxConcurrentDecodes}");
Console.WriteLine();
var started = System.Diagnostics.Stopwatch.StartNew();
await context.LoadModelsAsync();
if (mode is "accuracy" or "all")
{
    await AccuracyBenchmark.RunAsync(context);
}
if (mode is "speed" or "all")
{
    await SpeedBenchmark.RunAsync(context);
}
Console.WriteLine($"_Benchmark wall time: {started.Elapsed.TotalMinutes:0.0} min._");
return 0;
