using System.Globalization;

namespace Rehearse.CodeRunner.Sandbox;

/// <summary>
/// One run's groups in the cgroup v1 memory, pids and cpuacct controllers: they bound every process the run starts
/// together (a fork bomb meets the pids limit, forked memory hogs share one memory limit) and measure it.
/// </summary>
internal sealed class RunCgroup : IDisposable
{
    internal static readonly string[] Controllers = ["memory", "pids", "cpuacct"];

    private readonly string _memory;
    private readonly string _pids;
    private readonly string _cpu;

    private RunCgroup(string memory, string pids, string cpu)
    {
        _memory = memory;
        _pids = pids;
        _cpu = cpu;
    }

    /// <summary>The <c>cgroup.procs</c> files a process writes its pid to, to join the run's groups.</summary>
    public IReadOnlyList<string> ProcsFiles => [Path.Combine(_memory, "cgroup.procs"), Path.Combine(_pids, "cgroup.procs"), Path.Combine(_cpu, "cgroup.procs")];

    /// <summary>Checks that the parent groups exist or can be made; the message says what is missing.</summary>
    public static void EnsureParents(SandboxOptions options)
    {
        foreach (var controller in Controllers)
        {
            var root = Path.Combine(options.CgroupRoot, controller);
            if (!File.Exists(Path.Combine(root, "cgroup.procs")))
            {
                throw new InvalidOperationException(
                    $"The cgroup v1 '{controller}' controller is not mounted at {root}; mount it, or set CodeRunner:Sandbox:Cgroups to Off " +
                    "to bound runs by per-process rlimits only.");
            }
            try
            {
                Directory.CreateDirectory(Path.Combine(root, options.CgroupName));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException(
                    $"Cannot create the cgroup {Path.Combine(root, options.CgroupName)} ({error.Message}); run the code runner with write access to " +
                    "the cgroup hierarchy, or set CodeRunner:Sandbox:Cgroups to Off.", error);
            }
        }
    }

    /// <summary>Creates the run's groups with the memory and process limits.</summary>
    public static RunCgroup Create(SandboxOptions options, string runId)
    {
        string Make(string controller)
        {
            var path = Path.Combine(options.CgroupRoot, controller, options.CgroupName, runId);
            Directory.CreateDirectory(path);
            return path;
        }

        var group = new RunCgroup(Make("memory"), Make("pids"), Make("cpuacct"));
        try
        {
            Write(Path.Combine(group._memory, "memory.limit_in_bytes"), options.MemoryLimitBytes);
            // With swap accounting, swap counts too; without it the file is absent.
            var swap = Path.Combine(group._memory, "memory.memsw.limit_in_bytes");
            if (File.Exists(swap))
            {
                Write(swap, options.MemoryLimitBytes);
            }
            Write(Path.Combine(group._pids, "pids.max"), options.MaxProcesses);
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    /// <summary>The highest memory use of the run so far.</summary>
    public long? PeakMemoryBytes => Read(Path.Combine(_memory, "memory.max_usage_in_bytes"));

    /// <summary>CPU time of every process of the run.</summary>
    public TimeSpan? CpuTime => Read(Path.Combine(_cpu, "cpuacct.usage")) is { } nanoseconds ? TimeSpan.FromTicks(nanoseconds / 100) : null;

    /// <summary>Whether the memory limit was reached (an allocation was refused or reclaimed against it).</summary>
    public bool HitMemoryLimit => Read(Path.Combine(_memory, "memory.failcnt")) is > 0;

    /// <summary>Kills every process still in the run's groups.</summary>
    public void KillAll()
    {
        foreach (var pid in Pids())
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Removes the groups once their processes are gone (a group with processes cannot be removed).</summary>
    public void Dispose()
    {
        foreach (var path in new[] { _memory, _pids, _cpu })
        {
            for (var attempt = 0; attempt < 50 && Directory.Exists(path); attempt++)
            {
                try
                {
                    Directory.Delete(path);
                }
                catch (IOException)
                {
                    KillAll();
                    Thread.Sleep(20);
                }
            }
        }
    }

    private IEnumerable<int> Pids()
    {
        var procs = Path.Combine(_pids, "cgroup.procs");
        string text;
        try
        {
            text = File.ReadAllText(procs);
        }
        catch (IOException)
        {
            yield break;
        }
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static void Write(string path, long value) => File.WriteAllText(path, value.ToString(CultureInfo.InvariantCulture));

    private static long? Read(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
