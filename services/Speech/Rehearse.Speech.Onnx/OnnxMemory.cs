using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Rehearse.Speech.Onnx;

/// <summary>
/// Gives the native memory of finished model runs back to the operating system. Without it the process keeps what
/// its busiest moment needed: the shared CPU arena holds its largest regions, and glibc keeps freed blocks in the
/// per-thread malloc arenas of every thread that ran a model. Releasing costs CPU, because the next run allocates and
/// faults its buffers in again.
/// </summary>
public static class OnnxMemory
{
    private static bool _canTrim = OperatingSystem.IsLinux();

    /// <summary>Run options that make the run free the arena regions it no longer uses when it ends.</summary>
    public static RunOptions CreateReleasingRunOptions()
    {
        var options = new RunOptions();
        options.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        return options;
    }

    /// <summary>Returns the C allocator's free memory to the operating system (glibc's <c>malloc_trim</c>).</summary>
    public static void ReturnFreeMemory()
    {
        if (!_canTrim)
        {
            return;
        }
        try
        {
            MallocTrim(0);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, for one): nothing to trim.
            _canTrim = false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
