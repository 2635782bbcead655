using Rehearse.Speech.Audio;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.Synthesis.Output;
using Rehearse.Speech.Synthesis.Piper;
using Rehearse.Speech.Synthesis.Voices;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests.Acoustics;

/// <summary>Speech made by the Speech service's own Piper voices, at 16 kHz, loaded once for the tests that use it.</summary>
public sealed class PiperVoices : IDisposable
{
    private readonly Lazy<SpeechSynthesizer> _synthesizer = new(() =>
    {
        var options = new SynthesisOptions();
        return new SpeechSynthesizer(options, VoiceRegistry.Load(options, TestPaths.ModelsDirectory, [new PiperVoiceModelLoader(options)]));
    });

    /// <summary>The curated voices' ids.</summary>
    public IReadOnlyList<string> Voices => [.. _synthesizer.Value.ListVoices().Select(v => v.Id)];

    /// <summary><paramref name="text"/> spoken by <paramref name="voice"/> with little variation, so runs repeat.</summary>
    public async Task<float[]> SpeakAsync(string text, string voice)
    {
        using var stream = _synthesizer.Value.Open(new SynthesisSettings { Voice = voice, Encoding = OutputEncoding.Float32, SampleRate = 16_000, Variation = 0.05f });
        var bytes = new List<byte>();
        await foreach (var chunk in stream.SpeakAsync(text, TestContext.Current.CancellationToken))
        {
            bytes.AddRange(chunk.Audio.ToArray());
        }
        return PcmCodec.DecodeToMono([.. bytes], new PcmFormat(SampleEncoding.Float32, 16_000, 1));
    }

    public void Dispose()
    {
        if (_synthesizer.IsValueCreated)
        {
            _synthesizer.Value.Dispose();
        }
    }
}
