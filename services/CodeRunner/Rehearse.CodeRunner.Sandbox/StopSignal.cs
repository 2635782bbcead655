using System.Diagnostics;

namespace Rehearse.CodeRunner.Sandbox;

/// <summary>Why the sandbox stopped a run before it ended by itself.</summary>
internal enum StopReason
{
    None,
    TimeLimit,
    OutputLimit,
    Cancelled,
}

/// <summary>Stops a run once, remembering the first reason.</summary>
internal sealed class StopSignal(Process process, RunCgroup? cgroup)
{
    private int _reason;

    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    public void Kill(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None) != (int)StopReason.None)
        {
            return;
        }
        try
        {
            // Killing bubblewrap ends the sandbox's pid namespace (its init dies with it) and with it every process
            // in it. Walking the process tree instead takes seconds against a fork bomb that keeps growing it.
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        cgroup?.KillAll();
    }
}
