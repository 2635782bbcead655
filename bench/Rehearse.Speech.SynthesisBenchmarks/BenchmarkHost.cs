using Rehearse.Speech.Audio;
using Rehearse.Speech.Onnx;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Moonshine;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.Synthesis.Output;
using Rehearse.Speech.Synthesis.Piper;
using Rehearse.Speech.Synthesis.Voices;
using Rehearse.Testing;

namespace Rehearse.Speech.SynthesisBenchmarks;

/// <summary>The engine under test (default options, as the service runs it) and, on demand, the recognizer.</summary>
internal sealed class BenchmarkHost : IDisposable
{
    private readonly Lazy<MoonshineRecognizer> _recognizer;

    public BenchmarkHost(SynthesisOptions options)
    {
        Options = options;
        var voices = VoiceRegistry.Load(options, TestPaths.ModelsDirectory, [new PiperVoiceModelLoader(options)]);
        Engine = new SpeechSynthesizer(options, voices);
        _recognizer = new Lazy<MoonshineRecognizer>(() => MoonshineRecognizer.Load(
            "moonshine-base",
            Path.Combine(TestPaths.ModelsDirectory, "moonshine-base"),
            MoonshineVocabulary.Load(Path.Combine(TestPaths.ModelsDirectory, "moonshine", "vocab.json")),
            new OnnxSessionSettings(Options.IntraOpNumThreads),
            MoonshineDecodingLimits.Default));
    }

    public SynthesisOptions Options { get; }

    public SpeechSynthesizer Engine { get; }

    /// <summary>Synthesizes <paramref name="text"/> as 16 kHz float samples (the recognizer's input).</summary>
    public async Task<float[]> Speak16kAsync(string text, string voice)
    {
        using var stream = Engine.Open(new SynthesisSettings { Voice = voice, Encoding = OutputEncoding.Float32, SampleRate = 16000 });
        var bytes = new List<byte>();
        await foreach (var chunk in stream.SpeakAsync(text))
        {
            bytes.AddRange(chunk.Audio.ToArray());
        }
        return PcmCodec.DecodeToMono(bytes.ToArray(), new PcmFormat(SampleEncoding.Float32, 16000, 1));
    }

    /// <summary>Moonshine base's transcript of 16 kHz audio.</summary>
    public string Transcribe(float[] samples) => _recognizer.Value.Transcribe(samples, CancellationToken.None).Text;

    public void Dispose()
    {
        Engine.Dispose();
        if (_recognizer.IsValueCreated)
        {
            _recognizer.Value.Dispose();
        }
    }
}
