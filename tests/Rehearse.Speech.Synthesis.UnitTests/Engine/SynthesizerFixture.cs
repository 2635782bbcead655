using Rehearse.Speech.Audio;
using Rehearse.Speech.Synthesis.Output;
using Rehearse.Speech.Synthesis.Piper;
using Rehearse.Speech.Synthesis.Voices;
using Rehearse.Testing;

[assembly: AssemblyFixture(typeof(Rehearse.Speech.Synthesis.UnitTests.Engine.SynthesizerFixture))]

namespace Rehearse.Speech.Synthesis.UnitTests.Engine;

/// <summary>One engine over the real Piper voice for the whole test run (loading it takes seconds).</summary>
public sealed class SynthesizerFixture : IDisposable
{
    /// <summary>Streams the fixture's engine serves at once (small, so the capacity test can fill it).</summary>
    public const int Capacity = 3;

    public SynthesizerFixture()
    {
        Options = new SynthesisOptions { MaxConcurrentStreams = Capacity, MaxTextCharacters = 5000 };
        var voices = VoiceRegistry.Load(Options, TestPaths.ModelsDirectory, [new PiperVoiceModelLoader(Options)]);
        Engine = new SpeechSynthesizer(Options, voices);
    }

    public SynthesisOptions Options { get; }

    public SpeechSynthesizer Engine { get; }

    public void Dispose() => Engine.Dispose();

    /// <summary>Speaks <paramref name="text"/> and returns every chunk.</summary>
    public async Task<List<SynthesisChunk>> SpeakAsync(string text, SynthesisSettings settings)
    {
        using var stream = Engine.Open(settings);
        var chunks = new List<SynthesisChunk>();
        await foreach (var chunk in stream.SpeakAsync(text, TestContext.Current.CancellationToken))
        {
            chunks.Add(chunk);
        }
        return chunks;
    }

    /// <summary>The samples of raw (non-WAV) chunks.</summary>
    public static float[] Samples(IEnumerable<SynthesisChunk> chunks, AudioOutputFormat format)
    {
        var encoding = format.Encoding == OutputEncoding.Float32 ? SampleEncoding.Float32 : SampleEncoding.Linear16;
        var bytes = chunks.SelectMany(c => c.Audio.ToArray()).ToArray();
        return PcmCodec.DecodeToMono(bytes, new PcmFormat(encoding, format.SampleRate, 1));
    }
}
