using System.Diagnostics;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Testing;

namespace Rehearse.Speech.RecognitionBenchmarks;

/// <summary>The engine, the corpus and what was measured while loading.</summary>
internal sealed class BenchmarkContext(SpeechRecognitionEngine engine, RecognitionOptions options, IReadOnlyList<SpeechClip> corpus, double baselineRss)
{
    public static readonly string[] Models = [RecognitionModelCatalog.MoonshineTiny, RecognitionModelCatalog.MoonshineBase];

    private readonly Dictionary<string, float[]> _samples = [];

    public SpeechRecognitionEngine Engine { get; } = engine;

    public RecognitionOptions Options { get; } = options;

    public IReadOnlyList<SpeechClip> Corpus { get; } = corpus;

    /// <summary>RSS (MiB) before any model, after the voice activity model and after each recognition model.</summary>
    public List<(string Stage, double Rss, double LoadMs)> Memory { get; } = [];

    public double BaselineRss { get; } = baselineRss;

    public Task LoadModelsAsync()
    {
        Memory.Add(("process, no model", BaselineRss, double.NaN));
        foreach (var model in Models)
        {
            var start = Stopwatch.GetTimestamp();
            Engine.Models.Get(model);
            var loadMs = Measurements.ElapsedMs(start);
            Memory.Add(($"+ {model} loaded", Measurements.SettledResidentMegabytes(), loadMs));
        }
        var vadStart = Stopwatch.GetTimestamp();
        Engine.Preload(CancellationToken.None); // loads the voice activity model; the models are loaded already
        Memory.Add(("+ Silero VAD, both models warmed up", Measurements.SettledResidentMegabytes(), Measurements.ElapsedMs(vadStart)));
        foreach (var clip in Corpus)
        {
            _samples[clip.File] = WavFile.Read(File.ReadAllBytes(clip.File)).Samples;
        }
        return Task.CompletedTask;
    }

    /// <summary>The clip's samples (16 kHz mono).</summary>
    public float[] Samples(SpeechClip clip) => _samples[clip.File];

    /// <summary>Whole-recording recognition of a clip's WAV file, as the Recognize rpc does it.</summary>
    public async Task<(RecordingTranscript Transcript, double ElapsedMs)> RecognizeFileAsync(string model, byte[] wav)
    {
        var start = Stopwatch.GetTimestamp();
        var transcript = await Engine.RecognizeAsync(
            new RecognitionSettings(new RecognitionAudioFormat(RecognitionAudioEncoding.Wav, 0), Model: model), wav, CancellationToken.None);
        return (transcript, Measurements.ElapsedMs(start));
    }
}

internal static class MachineDescription
{
    public static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
