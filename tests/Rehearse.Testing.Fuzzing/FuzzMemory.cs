using System.Diagnostics;

namespace Rehearse.Testing.Fuzzing;

/// <summary>A process's memory at one moment: its resident set, and its managed heap after a full collection.</summary>
/// <param name="ResidentBytes">Resident set size (what the operating system charges the process).</param>
/// <param name="ManagedHeapBytes">Live managed objects after a full, compacting collection.</param>
public sealed record FuzzMemory(long ResidentBytes, long ManagedHeapBytes)
{
    /// <summary>This process's memory now, after a full collection.</summary>
    public static FuzzMemory Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new FuzzMemory(process.WorkingSet64, heap);
    }

    /// <inheritdoc />
    public override string ToString() => $"RSS {ResidentBytes >> 20} MiB, managed heap {ManagedHeapBytes >> 20} MiB";
}
