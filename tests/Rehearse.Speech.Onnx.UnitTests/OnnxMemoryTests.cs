namespace Rehearse.Speech.Onnx.UnitTests;

/// <summary>
/// The release's own model is built in code, so ONNX Runtime is the one to say it is valid. (That the release gives
/// memory back is measured where the models run: SynthesisMemoryTests in the Speech functional tests.)
/// </summary>
public sealed class OnnxMemoryTests
{
    [Fact]
    public void Release_loads_and_runs_its_shrinking_model_from_several_threads_at_once()
    {
        // Any failure (a model ONNX Runtime refuses, a run option it does not know) throws out of Parallel.For.
        Parallel.For(0, 8, _ => OnnxMemory.Release());
    }
}
