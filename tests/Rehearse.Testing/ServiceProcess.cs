using System.Diagnostics;
using Grpc.Core;

namespace Rehearse.Testing;

/// <summary>A source tree whose services have been built, and where their assemblies are.</summary>
/// <param name="Name">What tables and logs call it, e.g. "before".</param>
/// <param name="Root">The source tree's root directory.</param>
/// <param name="Configuration">The build configuration, <c>Release</c> unless a test runs from another.</param>
public sealed record ServiceBuild(string Name, string Root, string Configuration = "Release")
{
    /// <summary>The built assembly of <paramref name="project"/> under <c>services/<paramref name="service"/></c>.</summary>
    public string Dll(string service, string project) =>
        Path.Combine(Root, "services", service, project, "bin", Configuration, "net10.0", project + ".dll");
}

/// <summary>One service process, its output going to a log file.</summary>
public sealed class ServiceProcess
{
    // Processes still running, killed if the test run or benchmark is stopped (Ctrl-C, SIGTERM) before it stops them.
    private static readonly HashSet<Process> Running = [];

    static ServiceProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillRunning();
        Console.CancelKeyPress += (_, _) => KillRunning();
    }

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _copying;
    private bool _stopped;

    private ServiceProcess(Process process, string logFile)
    {
        _process = process;
        LogFile = logFile;
        _log = new StreamWriter(logFile) { AutoFlush = true };
        _copying = Task.WhenAll(CopyAsync(process.StandardOutput), CopyAsync(process.StandardError));
        lock (Running)
        {
            Running.Add(process);
        }
    }

    public string LogFile { get; }

    private static void KillRunning()
    {
        lock (Running)
        {
            foreach (var process in Running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It has exited.
                }
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>SIGKILL: no shutdown, as a crash or the out-of-memory killer would end it.</summary>
    public void Kill() => _process.Kill();

    public static ServiceProcess Start(string dll, string logFile, IReadOnlyList<string> arguments)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built: build the service (or a project that references it) in that configuration first.", dll);
        }
        var start = new ProcessStartInfo("dotnet")
        {
            // The output directory, as scripts/run starts services: appsettings.json is found there.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        return new ServiceProcess(Process.Start(start)!, logFile);
    }

    /// <summary>
    /// Waits until <paramref name="call"/> succeeds, trying again every 0.5 s while it fails with an
    /// <see cref="RpcException"/> for up to <paramref name="timeout"/>; fails at once if the process exits.
    /// </summary>
    public async Task WaitUntilAnsweringAsync(string name, TimeSpan timeout, Func<Task> call)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The {name} service exited while starting; see {LogFile}.");
            }
            try
            {
                await call();
                return;
            }
            catch (RpcException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Asks the service to shut down (SIGTERM), and kills it if it has not within 15 s.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        lock (Running)
        {
            Running.Remove(_process);
        }
        await _copying;
        await _log.DisposeAsync();
        _process.Dispose();
    }

    private async Task CopyAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }
}
