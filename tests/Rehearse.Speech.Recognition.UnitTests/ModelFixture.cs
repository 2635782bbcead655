using Rehearse.Speech.Recognition.Engine;
using Rehearse.Testing;

[assembly: AssemblyFixture(typeof(Rehearse.Speech.Recognition.UnitTests.ModelFixture))]

namespace Rehearse.Speech.Recognition.UnitTests;

/// <summary>One engine with both models loaded, shared by every test of the assembly.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture()
    {
        Engine = new SpeechRecognitionEngine(new RecognitionOptions { IntraOpThreads = 1 }, TestPaths.ModelsDirectory);
        Engine.Preload(CancellationToken.None);
    }

    public SpeechRecognitionEngine Engine { get; }

    public ISpeechRecognizer Tiny => Engine.Models.Get(RecognitionModelCatalog.MoonshineTiny);

    public ISpeechRecognizer Base => Engine.Models.Get(RecognitionModelCatalog.MoonshineBase);

    public void Dispose() => Engine.Dispose();
}

/// <summary>
/// Test classes that stream through the shared engine: they run one at a time, so a test can check the engine's
/// admission count (a stream's place is released) without another class's stream in it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EngineStreamsCollection
{
    public const string Name = "Engine streams";
}
