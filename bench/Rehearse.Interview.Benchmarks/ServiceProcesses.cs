using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>A source tree whose Speech and Interview services have been built in Release (bench/run builds them).</summary>
/// <param name="Name">What the tables call it, e.g. "before".</param>
/// <param name="Root">The tree's root directory.</param>
internal sealed record ServiceBuild(string Name, string Root)
{
    public string Dll(string service, string project) =>
        Path.Combine(Root, "services", service, project, "bin", "Release", "net10.0", project + ".dll");
}

/// <summary>
/// The Speech and Interview services of one build running as processes on loopback ports of their own, with their
/// deployed settings, the Interview service on its own database; clients reach them over real HTTP/2 gRPC.
/// </summary>
internal sealed class ServiceProcesses : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);

    private readonly List<ServiceProcess> _processes = [];
    private GrpcChannel? _speechChannel;
    private GrpcChannel? _interviewChannel;

    private ServiceProcesses()
    {
    }

    public SpeechService.SpeechServiceClient Speech { get; private set; } = null!;

    /// <summary>The channel to the Speech service.</summary>
    public GrpcChannel SpeechChannel => _speechChannel!;

    /// <summary>The channel to the Interview service (its calls carry no API key).</summary>
    public GrpcChannel InterviewChannel => _interviewChannel!;

    /// <summary>The resident set size of the Speech service's process, then the Interview service's.</summary>
    public IReadOnlyList<long> ResidentBytes() => [.. _processes.Select(p => p.ResidentBytes())];

    /// <summary>Starts both services of <paramref name="build"/> and waits until each answers a call.</summary>
    public static async Task<ServiceProcesses> StartAsync(ServiceBuild build, string databaseConnectionString, string logDirectory)
    {
        var services = new ServiceProcesses();
        try
        {
            var speechPort = FreePort();
            services._processes.Add(ServiceProcess.Start(build.Dll("Speech", "Rehearse.Speech.Api"), Path.Combine(logDirectory, $"{build.Name}-speech.log"),
            [
                "--Endpoints:BindAddress=127.0.0.1", $"--Endpoints:GrpcPort={speechPort}", "--Endpoints:HttpPort=0",
                $"--Speech:ModelsDirectory={TestPaths.ModelsDirectory}", "--Logging:LogLevel:Default=Warning",
            ]));
            services._speechChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{speechPort}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
            services.Speech = new SpeechService.SpeechServiceClient(services._speechChannel);
            await services.WaitUntilAnsweringAsync("Speech", async () => await services.Speech.ListVoicesAsync(new ListVoicesRequest()));

            var interviewPort = FreePort();
            services._processes.Add(ServiceProcess.Start(build.Dll("Interview", "Rehearse.Interview.Api"), Path.Combine(logDirectory, $"{build.Name}-interview.log"),
            [
                "--Endpoints:BindAddress=127.0.0.1", $"--Endpoints:GrpcPort={interviewPort}", "--Endpoints:HttpPort=0",
                $"--ConnectionStrings:Interview={databaseConnectionString}", $"--Speech:Address=http://127.0.0.1:{speechPort}",
                "--Interviewers:Offline:Seed=11", "--Logging:LogLevel:Default=Warning",
            ]));
            services._interviewChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{interviewPort}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
            var probe = services.Interview("bench-turns-probe");
            await services.WaitUntilAnsweringAsync("Interview", async () => await probe.GetSetupOptionsAsync(new GetSetupOptionsRequest()));
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the Interview service for the user of <paramref name="apiKey"/>.</summary>
    public InterviewService.InterviewServiceClient Interview(string apiKey) => new(InterviewInvoker(apiKey));

    /// <summary>Calls to the Interview service for the user of <paramref name="apiKey"/>.</summary>
    public CallInvoker InterviewInvoker(string apiKey) => _interviewChannel!.Intercept(metadata =>
    {
        metadata.Add("x-api-key", apiKey);
        return metadata;
    });

    public async ValueTask DisposeAsync()
    {
        _speechChannel?.Dispose();
        _interviewChannel?.Dispose();
        // The Interview service first: it holds calls to the Speech service.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].StopAsync();
        }
    }

    private async Task WaitUntilAnsweringAsync(string name, Func<Task> call)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var process = _processes[^1];
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} service exited while starting; see {process.LogFile}.");
            }
            try
            {
                await call();
                return;
            }
            catch (RpcException) when (deadline.Elapsed < StartupTimeout)
            {
                await Task.Delay(500);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One service process, its output going to a log file.</summary>
    private sealed class ServiceProcess
    {
        // Processes still running, killed if the benchmark is stopped (Ctrl-C, SIGTERM) before it stops them.
        private static readonly HashSet<Process> Running = [];

        static ServiceProcess()
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillRunning();
            Console.CancelKeyPress += (_, _) => KillRunning();
        }

        private readonly Process _process;
        private readonly StreamWriter _log;
        private readonly Task _copying;

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

        public static ServiceProcess Start(string dll, string logFile, IReadOnlyList<string> arguments)
        {
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"{dll} is not built (bench/run turns and bench/run fuzz build it).", dll);
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

        /// <summary>Asks the service to shut down (SIGTERM), and kills it if it has not within 15 s.</summary>
        public async Task StopAsync()
        {
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
}
