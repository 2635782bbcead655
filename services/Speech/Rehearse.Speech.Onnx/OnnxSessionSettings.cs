using Microsoft.ML.OnnxRuntime;

namespace Rehearse.Speech.Onnx;

/// <summary>How the speech engines' ONNX sessions use the CPU and memory.</summary>
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
        if (SharedCpuArena.IsRegistered)
        {
            options.AddSessionConfigEntry("session.use_env_allocators", "1");
        }
        return options;
    }

    /// <summary>
    /// One CPU memory arena for every speech session of the process (recognition, voice activity, synthesis). Each
    /// session otherwise keeps an arena of its own that holds on to the largest buffers that session ever needed (a
    /// 20 s span decoded by each recognition model, twice at once), so the process settled near 1.1 GiB after long
    /// recordings; with one arena the peaks of the models do not add up.
    /// </summary>
    private static class SharedCpuArena
    {
        private static readonly Lazy<bool> Registration = new(Register);

        public static bool IsRegistered => Registration.Value;

        private static bool Register()
        {
            try
            {
                // No size limit (0); regions grow by exactly what a run asks for (strategy 1, kSameAsRequested) instead
                // of doubling, so that OnnxMemory.Release can free a region once no run uses it.
                using var arena = new OrtArenaCfg(0, 1, -1, -1);
                using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
                OrtEnv.Instance().CreateAndRegisterAllocator(memory, arena);
                return true;
            }
            catch (OnnxRuntimeException)
            {
                // Another component of the process registered a CPU allocator first: sessions keep their own arenas.
                return false;
            }
        }
    }
}
