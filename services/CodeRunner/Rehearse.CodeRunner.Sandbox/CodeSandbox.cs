using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rehearse.CodeRunner.Sandbox;

/// <summary>
/// Runs programs in a bubblewrap sandbox: every namespace unshared (no network, its own process tree, no view of
/// the host's processes), <c>/usr</c> mounted read-only and nothing else of the host but the run's own source
/// files (read-only), a private <c>/tmp</c>, all capabilities dropped, and resource limits: a cgroup per run
/// (memory, processes, CPU accounting) plus per-process rlimits (CPU seconds, data size, file size, open files).
/// The wall-clock limit and the output limit are enforced here, by killing the run.
/// </summary>
public sealed partial class CodeSandbox
{
    /// <summary>Where a run's source files appear inside its sandbox.</summary>
    public const string SourceDirectory = "/sandbox";

    // Time after a kill for the pipes to close; the sandbox's pid namespace dies with its first process, so this
    // only guards against a kernel that is slow to reap.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly SandboxOptions _options;
    private readonly IReadOnlyDictionary<CodeLanguage, LanguageRuntime> _runtimes;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _logger;

    /// <summary>Creates the sandbox, checking the options, the executables and (when required) the cgroups.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid or the cgroups cannot be used.</exception>
    public CodeSandbox(SandboxOptions options, ILogger<CodeSandbox>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }
        _options = options;
        _runtimes = LanguageRuntime.From(options);
        _slots = new SemaphoreSlim(options.MaxConcurrentRuns, options.MaxConcurrentRuns);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (options.Cgroups == CgroupMode.Required)
        {
            RunCgroup.EnsureParents(options);
        }
        Directory.CreateDirectory(options.WorkDirectory);
    }

    /// <summary>The options in force.</summary>
    public SandboxOptions Options => _options;

    /// <summary>The languages the sandbox runs.</summary>
    public IReadOnlyCollection<CodeLanguage> Languages => [.. _runtimes.Keys];

    /// <summary>The runtime of a language.</summary>
    public LanguageRuntime Runtime(CodeLanguage language) => _runtimes[language];

    /// <summary>The time limit for a request: the default when none is asked for, refused beyond the cap.</summary>
    /// <exception cref="SandboxRequestException">Not above zero, or above the cap.</exception>
    public TimeSpan ResolveTimeLimit(TimeSpan? requested, TimeSpan? fallback = null)
    {
        if (requested is null)
        {
            return fallback is { } value && value <= _options.MaxTimeLimit ? value : _options.DefaultTimeLimit;
        }
        if (requested <= TimeSpan.Zero || requested > _options.MaxTimeLimit)
        {
            throw new SandboxRequestException("time_limit",
                $"must be above 0 and at most {_options.MaxTimeLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (was {requested.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)");
        }
        return requested.Value;
    }

    /// <summary>
    /// Runs a program and returns how it ended. A program that hits a limit is not an error: its result says which.
    /// </summary>
    /// <param name="run">The program.</param>
    /// <param name="onOutput">Called with output as it appears (in order per stream), before the run ends.</param>
    /// <param name="cancellationToken">Stops the program; the call then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="SandboxBusyException">The maximum of concurrent runs is running.</exception>
    /// <exception cref="SandboxRequestException">The run is invalid (a file name, the time limit).</exception>
    public async Task<SandboxResult> RunAsync(SandboxRun run, Func<OutputChunk, ValueTask>? onOutput = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var timeLimit = ResolveTimeLimit(run.TimeLimit);
        var supportFiles = _runtimes[run.Language].SupportFiles;
        foreach (var name in run.Files.Keys)
        {
            if (!FileNamePattern().IsMatch(name))
            {
                throw new SandboxRequestException("files", $"'{name}' is not a plain file name (letters, digits, '_', '-', '.')");
            }
            if (supportFiles.ContainsKey(name))
            {
                throw new SandboxRequestException("files", $"'{name}' is reserved for the sandbox");
            }
        }
        if (!run.Files.ContainsKey(run.EntryFile))
        {
            throw new SandboxRequestException("entry_file", $"'{run.EntryFile}' is not one of the run's files");
        }
        if (!_slots.Wait(0))
        {
            throw new SandboxBusyException(_options.MaxConcurrentRuns);
        }
        var runId = Guid.NewGuid().ToString("N");
        var directory = Path.Combine(_options.WorkDirectory, runId);
        RunCgroup? cgroup = null;
        try
        {
            Directory.CreateDirectory(directory);
            foreach (var (name, content) in run.Files.Concat(supportFiles))
            {
                await File.WriteAllTextAsync(Path.Combine(directory, name), content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            }
            cgroup = _options.Cgroups == CgroupMode.Required ? RunCgroup.Create(_options, runId) : null;
            return await ExecuteAsync(run, timeLimit, directory, cgroup, onOutput, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            cgroup?.KillAll();
            cgroup?.Dispose();
            TryDelete(directory);
            _slots.Release();
        }
    }

    private async Task<SandboxResult> ExecuteAsync(
        SandboxRun run, TimeSpan timeLimit, string directory, RunCgroup? cgroup, Func<OutputChunk, ValueTask>? onOutput, CancellationToken cancellationToken)
    {
        var runtime = _runtimes[run.Language];
        var start = new ProcessStartInfo
        {
            FileName = "/bin/sh",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (cgroup is not null)
        {
            start.Environment["CGROUP_PROCS"] = string.Join(' ', cgroup.ProcsFiles);
        }
        foreach (var argument in CommandLine(runtime, run.EntryFile, timeLimit, directory, cgroup))
        {
            start.ArgumentList.Add(argument);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The sandbox process did not start.");
        var stop = new StopSignal(process, cgroup);
        var stdout = new OutputCapture(OutputKind.Stdout, run.MaxOutputBytes ?? _options.MaxOutputBytes, onOutput, stop);
        var stderr = new OutputCapture(OutputKind.Stderr, _options.MaxOutputBytes, onOutput, stop);
        var reading = Task.WhenAll(
            stdout.ReadAsync(process.StandardOutput.BaseStream),
            stderr.ReadAsync(process.StandardError.BaseStream));
        var writing = WriteStdinAsync(process, run.Stdin);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeLimit);
        using (deadline.Token.Register(() => stop.Kill(cancellationToken.IsCancellationRequested ? StopReason.Cancelled : StopReason.TimeLimit)))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        // Whatever is left of the run (nothing, normally: its pid namespace ends with its first process).
        cgroup?.KillAll();
        if (await Task.WhenAny(reading, Task.Delay(DrainTimeout, CancellationToken.None)).ConfigureAwait(false) != reading)
        {
            _logger.LogWarning("Sandbox output pipes stayed open {Timeout} after the run ended", DrainTimeout);
        }
        await writing.ConfigureAwait(false);
        stopwatch.Stop();
        cancellationToken.ThrowIfCancellationRequested();

        var exitCode = process.ExitCode;
        var stderrText = stderr.Text;
        var status = stop.Reason switch
        {
            StopReason.OutputLimit => SandboxStatus.OutputLimitExceeded,
            StopReason.TimeLimit => SandboxStatus.TimeLimitExceeded,
            _ when exitCode == 0 => SandboxStatus.Completed,
            // The CPU rlimit ends a process with SIGXCPU (soft limit) or SIGKILL (hard limit, a second later).
            _ when exitCode == 128 + SigXcpu || (exitCode == 128 + SigKill && cgroup?.CpuTime >= timeLimit) => SandboxStatus.TimeLimitExceeded,
            _ when cgroup?.HitMemoryLimit == true || runtime.MemoryErrorMarkers.Any(m => stderrText.Contains(m, StringComparison.Ordinal)) =>
                SandboxStatus.MemoryLimitExceeded,
            _ => SandboxStatus.RuntimeError,
        };
        return new SandboxResult(
            status,
            stop.Reason is StopReason.None ? exitCode : -1,
            stdout.Text,
            stderrText,
            stdout.Truncated || stderr.Truncated,
            stopwatch.Elapsed,
            cgroup?.CpuTime,
            cgroup?.PeakMemoryBytes);
    }

    private const int SigKill = 9;
    private const int SigXcpu = 24;

    private IEnumerable<string> CommandLine(LanguageRuntime runtime, string entryFile, TimeSpan timeLimit, string directory, RunCgroup? cgroup)
    {
        // The shell joins the run's cgroups before anything of the run starts, then becomes prlimit, which becomes
        // bubblewrap: every process of the run is in the groups from its first instruction.
        yield return "-c";
        yield return cgroup is null ? "exec \"$@\"" : "for f in $CGROUP_PROCS; do echo $$ > \"$f\" || exit 125; done; exec \"$@\"";
        yield return "sh";
        var cpuSeconds = (long)Math.Ceiling(timeLimit.TotalSeconds);
        yield return _options.PrlimitPath;
        yield return $"--cpu={cpuSeconds}:{cpuSeconds + 1}";
        yield return $"--data={_options.MemoryLimitBytes}";
        yield return $"--fsize={_options.MaxFileBytes}";
        yield return $"--nofile={_options.MaxOpenFiles}";
        yield return "--core=0";
        if (cgroup is null)
        {
            yield return $"--nproc={_options.MaxProcesses}";
        }
        yield return "--";
        yield return _options.BubblewrapPath;
        foreach (var argument in (string[])[
            "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "sandbox",
            "--clearenv", "--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
            "--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--setenv", "PYTHONIOENCODING", "utf-8",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev", "--tmpfs", "/tmp",
            "--ro-bind", directory, SourceDirectory, "--remount-ro", "/", "--chdir", "/tmp",
            runtime.Interpreter])
        {
            yield return argument;
        }
        foreach (var argument in runtime.Arguments)
        {
            yield return argument;
        }
        yield return $"{SourceDirectory}/{entryFile}";
    }

    private static async Task WriteStdinAsync(Process process, string stdin)
    {
        try
        {
            if (stdin.Length > 0)
            {
                await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program ended (or closed its input) before reading it all.
        }
    }

    private void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(error, "Could not remove the run directory {Directory}", directory);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex FileNamePattern();
}
