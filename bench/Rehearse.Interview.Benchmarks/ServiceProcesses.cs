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

    private readonly ServiceBuild _build;
    private readonly string _databaseConnectionString;
    private readonly string _logDirectory;
    private readonly int _speechPort = FreePort();
    private readonly int _interviewPort = FreePort();
    private GrpcChannel? _speechChannel;
    private GrpcChannel? _interviewChannel;
    private ServiceProcess? _speech;
    private ServiceProcess? _interview;
    private string? _interviewSpeechAddress;
    private int _starts;

    private ServiceProcesses(ServiceBuild build, string databaseConnectionString, string logDirectory)
    {
        _build = build;
        _databaseConnectionString = databaseConnectionString;
        _logDirectory = logDirectory;
    }

    public SpeechService.SpeechServiceClient Speech { get; private set; } = null!;

    /// <summary>The channel to the Speech service.</summary>
    public GrpcChannel SpeechChannel => _speechChannel!;

    /// <summary>The channel to the Interview service (its calls carry no API key).</summary>
    public GrpcChannel InterviewChannel => _interviewChannel!;

    /// <summary>The resident set size of the Speech service's process, then the Interview service's.</summary>
    public IReadOnlyList<long> ResidentBytes() => [SpeechResidentBytes(), InterviewResidentBytes()];

    /// <summary>The resident set size of the running Speech service's process.</summary>
    public long SpeechResidentBytes() => _speech!.ResidentBytes();

    /// <summary>The resident set size of the running Interview service's process.</summary>
    public long InterviewResidentBytes() => _interview!.ResidentBytes();

    /// <summary>The Speech service's own address (the Interview service may be pointed elsewhere, through a proxy).</summary>
    public string SpeechAddress => $"http://127.0.0.1:{_speechPort}";

    /// <summary>
    /// Starts both services of <paramref name="build"/> and waits until each answers a call; the Interview service
    /// reaches the Speech service directly, or at the address <paramref name="speechAddressFor"/> gives for the
    /// Speech service's port (a proxy's).
    /// </summary>
    public static async Task<ServiceProcesses> StartAsync(
        ServiceBuild build, string databaseConnectionString, string logDirectory, Func<int, string>? speechAddressFor = null)
    {
        var services = new ServiceProcesses(build, databaseConnectionString, logDirectory);
        try
        {
            services._speechChannel = GrpcChannel.ForAddress(services.SpeechAddress, new GrpcChannelOptions { MaxReceiveMessageSize = null });
            services.Speech = new SpeechService.SpeechServiceClient(services._speechChannel);
            await services.StartSpeechAsync();
            services._interviewChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{services._interviewPort}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
            await services.StartInterviewAsync(speechAddressFor?.Invoke(services._speechPort) ?? services.SpeechAddress);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the Speech service outright (SIGKILL), as a crash would.</summary>
    public Task KillSpeechAsync() => KillAsync(_speech!);

    /// <summary>Starts the Speech service again on its port and waits until it answers.</summary>
    public Task RestartSpeechAsync() => StartSpeechAsync();

    /// <summary>Kills the Interview service outright (SIGKILL), as a crash would.</summary>
    public Task KillInterviewAsync() => KillAsync(_interview!);

    /// <summary>Starts the Interview service again on its port and database and waits until it answers.</summary>
    public Task RestartInterviewAsync() => StartInterviewAsync(_interviewSpeechAddress!);

    private async Task StartSpeechAsync()
    {
        _speech = ServiceProcess.Start(_build.Dll("Speech", "Rehearse.Speech.Api"), LogFile("speech"),
        [
            "--Endpoints:BindAddress=127.0.0.1", $"--Endpoints:GrpcPort={_speechPort}", "--Endpoints:HttpPort=0",
            $"--Speech:ModelsDirectory={TestPaths.ModelsDirectory}", "--Logging:LogLevel:Default=Warning",
        ]);
        await WaitUntilAnsweringAsync("Speech", _speech, async () => await Speech.ListVoicesAsync(new ListVoicesRequest()));
    }

    private async Task StartInterviewAsync(string speechAddress)
    {
        _interviewSpeechAddress = speechAddress;
        _interview = ServiceProcess.Start(_build.Dll("Interview", "Rehearse.Interview.Api"), LogFile("interview"),
        [
            "--Endpoints:BindAddress=127.0.0.1", $"--Endpoints:GrpcPort={_interviewPort}", "--Endpoints:HttpPort=0",
            $"--ConnectionStrings:Interview={_databaseConnectionString}", $"--Speech:Address={speechAddress}",
            "--Interviewers:Offline:Seed=11", "--Logging:LogLevel:Default=Warning",
        ]);
        var probe = Interview("bench-turns-probe");
        await WaitUntilAnsweringAsync("Interview", _interview, async () => await probe.GetSetupOptionsAsync(new GetSetupOptionsRequest()));
    }

    // A restarted service logs to a file of its own, so the log of the killed one is kept.
    private string LogFile(string service) =>
        Path.Combine(_logDirectory, $"{_build.Name}-{service}{(Interlocked.Increment(ref _starts) > 2 ? $"-{_starts}" : "")}.log");

    private static async Task KillAsync(ServiceProcess process)
    {
        process.Kill();
        await process.StopAsync();
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
        if (_interview is not null)
        {
            await _interview.StopAsync();
        }
        if (_speech is not null)
        {
            await _speech.StopAsync();
        }
    }

    private static async Task WaitUntilAnsweringAsync(string name, ServiceProcess process, Func<Task> call)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
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

    /// <summary>A free loopback port (free when asked; the service binds it moments later).</summary>
    public static int FreePort()
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

        /// <summary>SIGKILL: no shutdown, as a crash or the out-of-memory killer would end it.</summary>
        public void Kill() => _process.Kill();

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
}
