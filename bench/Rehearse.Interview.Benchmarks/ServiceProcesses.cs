using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// The Speech and Interview services of one build running as processes on loopback ports of their own, with their
/// deployed settings, the Interview service on its own database; clients reach them over real HTTP/2 gRPC. The
/// Interview service may run as several silos (processes) of one Orleans cluster on that database: each Interview
/// call then goes to the next silo in turn, as through a balancer without affinity.
/// </summary>
internal sealed class ServiceProcesses : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);

    private readonly ServiceBuild _build;
    private readonly string _databaseConnectionString;
    private readonly string _logDirectory;
    private readonly int _speechPort = LoopbackPorts.Free();
    private readonly int _interviewPort = LoopbackPorts.Free();
    private readonly int? _speechMetricsPort;
    private readonly int? _interviewMetricsPort;
    private GrpcChannel? _speechChannel;
    private GrpcChannel? _interviewChannel;
    private ServiceProcess? _speech;
    private ServiceProcess? _interview;
    private readonly List<OtherSilo> _otherSilos = [];
    private string? _interviewSpeechAddress;
    private readonly Dictionary<string, int> _starts = [];

    /// <summary>An Interview silo besides the first: its process, its gRPC port and channel, its metrics port.</summary>
    private sealed record OtherSilo(ServiceProcess Process, int Port, GrpcChannel Channel, int? MetricsPort);

    private ServiceProcesses(ServiceBuild build, string databaseConnectionString, string logDirectory, bool metrics)
    {
        _build = build;
        _databaseConnectionString = databaseConnectionString;
        _logDirectory = logDirectory;
        if (metrics)
        {
            (_speechMetricsPort, _interviewMetricsPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        }
    }

    public SpeechService.SpeechServiceClient Speech { get; private set; } = null!;

    /// <summary>The channel to the Speech service.</summary>
    public GrpcChannel SpeechChannel => _speechChannel!;

    /// <summary>The channel to the Interview service, its first silo (its calls carry no API key).</summary>
    public GrpcChannel InterviewChannel => _interviewChannel!;

    /// <summary>How many Interview silos (processes) run.</summary>
    public int InterviewSilos => 1 + _otherSilos.Count;

    /// <summary>The resident set size of the Speech service's process, then the Interview service's.</summary>
    public IReadOnlyList<long> ResidentBytes() => [SpeechResidentBytes(), InterviewResidentBytes()];

    /// <summary>The resident set size of the running Speech service's process.</summary>
    public long SpeechResidentBytes() => _speech!.ResidentBytes();

    /// <summary>The resident set size of the running Interview service's processes together.</summary>
    public long InterviewResidentBytes() => _interview!.ResidentBytes() + _otherSilos.Sum(silo => silo.Process.ResidentBytes());

    /// <summary>CPU time the running Speech service's process has used.</summary>
    public TimeSpan SpeechProcessorTime() => _speech!.ProcessorTime();

    /// <summary>CPU time the running Interview service's processes have used together.</summary>
    public TimeSpan InterviewProcessorTime() =>
        _otherSilos.Aggregate(_interview!.ProcessorTime(), (total, silo) => total + silo.Process.ProcessorTime());

    /// <summary>The Speech service's Prometheus scrape (<c>GET /metrics</c>), when started with metrics.</summary>
    public Uri? SpeechMetrics => MetricsUri(_speechMetricsPort);

    /// <summary>Every Interview silo's Prometheus scrape, when started with metrics.</summary>
    public IReadOnlyList<Uri> InterviewSiloMetrics =>
        [.. new[] { _interviewMetricsPort }.Concat(_otherSilos.Select(silo => silo.MetricsPort)).Select(MetricsUri).OfType<Uri>()];

    private static Uri? MetricsUri(int? port) => port is { } p ? new Uri($"http://127.0.0.1:{p}/metrics") : null;

    /// <summary>The Speech service's own address (the Interview service may be pointed elsewhere, through a proxy).</summary>
    public string SpeechAddress => $"http://127.0.0.1:{_speechPort}";

    /// <summary>The Interview service's address.</summary>
    public string InterviewAddress => $"http://127.0.0.1:{_interviewPort}";

    /// <summary>
    /// Starts both services of <paramref name="build"/> and waits until each answers a call; the Interview service
    /// reaches the Speech service directly, or at the address <paramref name="speechAddressFor"/> gives for the
    /// Speech service's port (a proxy's). With <paramref name="metrics"/>, each serves its Prometheus scrape on a
    /// loopback port of its own. <paramref name="interviewSilos"/> Interview processes join one cluster.
    /// </summary>
    public static async Task<ServiceProcesses> StartAsync(
        ServiceBuild build, string databaseConnectionString, string logDirectory, Func<int, string>? speechAddressFor = null, bool metrics = false,
        int interviewSilos = 1)
    {
        var services = new ServiceProcesses(build, databaseConnectionString, logDirectory, metrics);
        try
        {
            services._speechChannel = GrpcChannel.ForAddress(services.SpeechAddress, new GrpcChannelOptions { MaxReceiveMessageSize = null });
            services.Speech = new SpeechService.SpeechServiceClient(services._speechChannel);
            await services.StartSpeechAsync();
            services._interviewChannel = GrpcChannel.ForAddress(services.InterviewAddress, new GrpcChannelOptions { MaxReceiveMessageSize = null });
            await services.StartInterviewAsync(speechAddressFor?.Invoke(services._speechPort) ?? services.SpeechAddress);
            for (var silo = 1; silo < interviewSilos; silo++)
            {
                await services.StartOtherSiloAsync(metrics);
            }
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
        _speech = ServiceProcess.Start(_build.Dll("Speech", "Rehearse.Speech.Api"), LogFile("speech"), ServiceArguments.Speech(_speechPort, _speechMetricsPort));
        await _speech.WaitUntilAnsweringAsync("Speech", StartupTimeout, async () => await Speech.ListVoicesAsync(new ListVoicesRequest()));
    }

    private async Task StartInterviewAsync(string speechAddress)
    {
        _interviewSpeechAddress = speechAddress;
        _interview = StartInterviewProcess("interview", _interviewPort, _interviewMetricsPort);
        var probe = new InterviewService.InterviewServiceClient(WithApiKey(_interviewChannel!.CreateCallInvoker(), "bench-turns-probe"));
        await _interview.WaitUntilAnsweringAsync("Interview", StartupTimeout, async () => await probe.GetSetupOptionsAsync(new GetSetupOptionsRequest()));
    }

    private async Task StartOtherSiloAsync(bool metrics)
    {
        var port = LoopbackPorts.Free();
        int? metricsPort = metrics ? LoopbackPorts.Free() : null;
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
        var silo = new OtherSilo(StartInterviewProcess($"interview-silo{_otherSilos.Count + 2}", port, metricsPort), port, channel, metricsPort);
        _otherSilos.Add(silo);
        var probe = new InterviewService.InterviewServiceClient(WithApiKey(channel.CreateCallInvoker(), "bench-turns-probe"));
        await silo.Process.WaitUntilAnsweringAsync("Interview", StartupTimeout, async () => await probe.GetSetupOptionsAsync(new GetSetupOptionsRequest()));
    }

    // Every silo on the same database, with a silo port of its own: they form one cluster.
    private ServiceProcess StartInterviewProcess(string name, int port, int? metricsPort) =>
        ServiceProcess.Start(_build.Dll("Interview", "Rehearse.Interview.Api"), LogFile(name),
            ServiceArguments.Interview(port, metricsPort, _databaseConnectionString, _interviewSpeechAddress!));

    // A restarted service logs to a file of its own, so the log of the killed one is kept.
    private string LogFile(string service)
    {
        var start = _starts[service] = _starts.GetValueOrDefault(service) + 1;
        return Path.Combine(_logDirectory, $"{_build.Name}-{service}{(start > 1 ? $"-{start}" : "")}.log");
    }

    private static async Task KillAsync(ServiceProcess process)
    {
        process.Kill();
        await process.StopAsync();
    }

    /// <summary>A client of the Interview service for the user of <paramref name="apiKey"/>.</summary>
    public InterviewService.InterviewServiceClient Interview(string apiKey) => new(InterviewInvoker(apiKey));

    /// <summary>Calls to the Interview service for the user of <paramref name="apiKey"/>, each to the next silo in turn.</summary>
    public CallInvoker InterviewInvoker(string apiKey) => WithApiKey(
        _otherSilos.Count == 0
            ? _interviewChannel!.CreateCallInvoker()
            : new AlternatingCallInvoker([_interviewChannel!.CreateCallInvoker(), .. _otherSilos.Select(silo => silo.Channel.CreateCallInvoker())]),
        apiKey);

    /// <summary><paramref name="invoker"/>'s calls, made for the user of <paramref name="apiKey"/>.</summary>
    public static CallInvoker WithApiKey(CallInvoker invoker, string apiKey) => invoker.Intercept(metadata =>
    {
        metadata.Add("x-api-key", apiKey);
        return metadata;
    });

    public async ValueTask DisposeAsync()
    {
        _speechChannel?.Dispose();
        _interviewChannel?.Dispose();
        // The Interview service first: it holds calls to the Speech service.
        foreach (var silo in _otherSilos)
        {
            silo.Channel.Dispose();
            await silo.Process.StopAsync();
        }
        if (_interview is not null)
        {
            await _interview.StopAsync();
        }
        if (_speech is not null)
        {
            await _speech.StopAsync();
        }
    }
}

/// <summary>Sends each call through the next of several invokers in turn (one per Interview silo).</summary>
internal sealed class AlternatingCallInvoker(IReadOnlyList<CallInvoker> invokers) : CallInvoker
{
    private int _next = -1;

    private CallInvoker Next() => invokers[(int)((uint)Interlocked.Increment(ref _next) % (uint)invokers.Count)];

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Next().BlockingUnaryCall(method, host, options, request);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Next().AsyncUnaryCall(method, host, options, request);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Next().AsyncServerStreamingCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        Next().AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        Next().AsyncDuplexStreamingCall(method, host, options);
}
