namespace Rehearse.CodeRunner.Sandbox;

/// <summary>How the sandbox runs programs and the limits it puts on them (configuration section <c>CodeRunner:Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    /// <summary>The bubblewrap executable.</summary>
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>The Python 3 interpreter (the Debian one: the sandbox mounts only <c>/usr</c>).</summary>
    public string PythonPath { get; set; } = "/usr/bin/python3";

    /// <summary>The Node.js executable.</summary>
    public string NodePath { get; set; } = "/usr/bin/node";

    /// <summary>The prlimit executable that sets the resource limits of the sandboxed process.</summary>
    public string PrlimitPath { get; set; } = "/usr/bin/prlimit";

    /// <summary>Memory for one run (all its processes and its temporary files): 128 MiB.</summary>
    public long MemoryLimitBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Wall-clock (and CPU-time) limit of a run that asks for none.</summary>
    public TimeSpan DefaultTimeLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most a run may ask for.</summary>
    public TimeSpan MaxTimeLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Processes and threads of one run (Node.js alone starts about ten threads).</summary>
    public int MaxProcesses { get; set; } = 64;

    /// <summary>Bytes kept of each of stdout and stderr; a program that writes more is stopped.</summary>
    public int MaxOutputBytes { get; set; } = 64 * 1024;

    /// <summary>The largest file a program may write in its temporary directory.</summary>
    public long MaxFileBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Open files per process.</summary>
    public int MaxOpenFiles { get; set; } = 64;

    /// <summary>Runs at once; one more is refused (<see cref="SandboxBusyException"/>) rather than queued.</summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>Where each run's source files are written before they are mounted read-only into its sandbox.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "rehearse-coderunner");

    /// <summary>
    /// The cgroup v1 hierarchy root. Each run gets its own group under <see cref="CgroupName"/> in the memory, pids
    /// and cpuacct controllers, which bounds all its processes together and measures its peak memory and CPU time.
    /// </summary>
    public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

    /// <summary>The parent group of the runs' groups in each controller.</summary>
    public string CgroupName { get; set; } = "rehearse-coderunner";

    /// <summary>
    /// <c>Required</c> (default): start-up fails unless the cgroups can be created. <c>Off</c>: per-process rlimits
    /// only (memory by data-segment size, processes by RLIMIT_NPROC), for hosts without writable cgroups.
    /// </summary>
    public CgroupMode Cgroups { get; set; } = CgroupMode.Required;

    /// <summary>
    /// Every problem in the options, naming the setting and the rule; empty when they are valid.
    /// </summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (name, path) in new[] { ("BubblewrapPath", BubblewrapPath), ("PythonPath", PythonPath), ("NodePath", NodePath), ("PrlimitPath", PrlimitPath) })
        {
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathRooted(path))
            {
                yield return $"CodeRunner:Sandbox:{name} must be an absolute path (was '{path}').";
            }
            else if (!File.Exists(path))
            {
                yield return $"CodeRunner:Sandbox:{name} '{path}' does not exist (scripts/lib/setup.sh installs it).";
            }
        }
        if (MemoryLimitBytes is < 16L * 1024 * 1024 or > 4L * 1024 * 1024 * 1024)
        {
            yield return $"CodeRunner:Sandbox:MemoryLimitBytes must be between 16 MiB and 4 GiB (was {MemoryLimitBytes}).";
        }
        if (MaxTimeLimit <= TimeSpan.Zero || MaxTimeLimit > TimeSpan.FromMinutes(5))
        {
            yield return $"CodeRunner:Sandbox:MaxTimeLimit must be above 0 and at most 5 minutes (was {MaxTimeLimit}).";
        }
        if (DefaultTimeLimit <= TimeSpan.Zero || DefaultTimeLimit > MaxTimeLimit)
        {
            yield return $"CodeRunner:Sandbox:DefaultTimeLimit must be above 0 and at most MaxTimeLimit {MaxTimeLimit} (was {DefaultTimeLimit}).";
        }
        if (MaxProcesses is < 16 or > 4096)
        {
            yield return $"CodeRunner:Sandbox:MaxProcesses must be between 16 and 4096 (was {MaxProcesses}).";
        }
        if (MaxOutputBytes is < 1024 or > 16 * 1024 * 1024)
        {
            yield return $"CodeRunner:Sandbox:MaxOutputBytes must be between 1 KiB and 16 MiB (was {MaxOutputBytes}).";
        }
        if (MaxFileBytes < 0)
        {
            yield return $"CodeRunner:Sandbox:MaxFileBytes must not be negative (was {MaxFileBytes}).";
        }
        if (MaxOpenFiles is < 16 or > 4096)
        {
            yield return $"CodeRunner:Sandbox:MaxOpenFiles must be between 16 and 4096 (was {MaxOpenFiles}).";
        }
        if (MaxConcurrentRuns is < 1 or > 256)
        {
            yield return $"CodeRunner:Sandbox:MaxConcurrentRuns must be between 1 and 256 (was {MaxConcurrentRuns}).";
        }
        if (string.IsNullOrWhiteSpace(WorkDirectory) || !Path.IsPathRooted(WorkDirectory))
        {
            yield return $"CodeRunner:Sandbox:WorkDirectory must be an absolute path (was '{WorkDirectory}').";
        }
        if (string.IsNullOrWhiteSpace(CgroupName) || CgroupName.Contains('/', StringComparison.Ordinal) || CgroupName.StartsWith('.'))
        {
            yield return $"CodeRunner:Sandbox:CgroupName must be a plain directory name (was '{CgroupName}').";
        }
    }
}

/// <summary>Whether runs are bounded by cgroups.</summary>
public enum CgroupMode
{
    /// <summary>Each run in cgroups of its own; start-up fails without them.</summary>
    Required,

    /// <summary>Per-process rlimits only.</summary>
    Off,
}
