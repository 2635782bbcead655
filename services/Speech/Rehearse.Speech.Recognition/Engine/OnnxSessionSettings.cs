using Microsoft.ML.OnnxRuntime;

namespace Rehearse.Speech.Recognition.Engine;

/// <summary>How the recognition ONNX sessions use the CPU.</summary>
/// <param name="IntraOpThreads">
/// Threads one model run may use. ONNX Runtime's default behaves like one thread on small machines, so it is
/// always set explicitly. With several streams at once, one thread per run keeps the cores busy without contention.
/// </param>
public sealed record OnnxSessionSettings(int IntraOpThreads)
{
    /// <summary>Session options for one model; the caller disposes them once the session is created.</summary>
    public SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return options;
    }
}
