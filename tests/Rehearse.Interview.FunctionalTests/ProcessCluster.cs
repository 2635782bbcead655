using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The built Speech and Interview services as processes on 127.0.0.1: two Speech instances, and two Interview
/// processes (silos of one cluster on one database) whose Speech clients balance over both Speech instances
/// (<c>ipv4:</c> address). A client's calls go round-robin over both Interview processes, retried on the other when
/// one is unreachable. Each serves its Prometheus scrape, so a test can tell which one holds a session or a stream.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    // As the benchmarks allow: on a busy 2-core machine four services loading at once take minutes.
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);

    private readonly List<Instance> _speech = [];
    private readonly List<Instance> _interview = [];
    private readonly HttpClient _scraper = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _logs = Path.Combine(TestPaths.ArtifactsDirectory("failover"), DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
    private GrpcChannel? _channel;

    private sealed record Instance(ServiceProcess Process, int Port, int MetricsPort);

    /// <summary>The build the tests run from (the services are built with them, in the same configuration).</summary>
    private static ServiceBuild Build => new("failover", TestPaths.RepositoryRoot,
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name);

    /// <summary>Why the cluster cannot start here, or null: the built services are missing.</summary>
    public static string? Missing()
    {
        foreach (var dll in new[] { Build.Dll("Speech", "Rehearse.Speech.Api"), Build.Dll("Interview", "Rehearse.Interview.Api") })
        {
            if (!File.Exists(dll))
            {
                return $"{dll} is not built (building this test project builds it).";
            }
        }
        return null;
    }

    /// <summary>Starts both Speech instances, then both Interview processes, and waits until each answers.</summary>
    public static async Task<ProcessCluster> StartAsync(string databaseConnectionString, IReadOnlyList<string>? interviewArguments = null)
    {
        var cluster = new ProcessCluster();
        try
        {
            var speechPorts = new[] { LoopbackPorts.Free(), LoopbackPorts.Free() };
            var speechAddress = "ipv4:" + string.Join(",", speechPorts.Select(p => $"127.0.0.1:{p}"));
            var clusterId = "failover-" + Guid.NewGuid().ToString("N");
            // The Interview processes start while the Speech instances load their models; one after the other, as the
            // first applies the database's migrations.
            var interview = Task.Run(async () =>
            {
                for (var i = 0; i < 2; i++)
                {
                    await cluster.StartInterviewAsync(i, databaseConnectionString, speechAddress, clusterId, interviewArguments ?? []);
                }
            });
            await Task.WhenAll(cluster.StartSpeechAsync(0, speechPorts[0]), cluster.StartSpeechAsync(1, speechPorts[1]), interview);
            cluster._channel = CreateBalancedChannel(cluster._interview.Select(s => s.Port));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client for the user of <paramref name="apiKey"/>, its calls going round both Interview processes.</summary>
    public InterviewService.InterviewServiceClient Client(string apiKey) =>
        new(_channel!.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("x-api-key", apiKey);
            return metadata;
        }));

    /// <summary>Kills Interview process <paramref name="index"/> outright (SIGKILL).</summary>
    public Task KillInterviewAsync(int index) => KillAsync(_interview[index].Process);

    /// <summary>Kills Speech instance <paramref name="index"/> outright (SIGKILL).</summary>
    public Task KillSpeechAsync(int index) => KillAsync(_speech[index].Process);

    /// <summary>The Interview process whose silo runs sessions now (<c>rehearse.interview.sessions.active</c>), if one does.</summary>
    public async Task<int?> InterviewRunningSessionsAsync()
    {
        for (var i = 0; i < _interview.Count; i++)
        {
            if ((await ScrapeAsync(_interview[i])).Sum("rehearse_interview_sessions_active") > 0)
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>The Speech instance running a recognition now (<c>rehearse.speech.recognition.active</c>), if one does.</summary>
    public async Task<int?> SpeechRecognizingAsync()
    {
        for (var i = 0; i < _speech.Count; i++)
        {
            if ((await ScrapeAsync(_speech[i])).Sum("rehearse_speech_recognition_active") > 0)
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>Where the processes' output went.</summary>
    public string LogDirectory => _logs;

    private async Task<PrometheusScrape> ScrapeAsync(Instance instance) =>
        PrometheusScrape.Parse(await _scraper.GetStringAsync(new Uri($"http://127.0.0.1:{instance.MetricsPort}/metrics")));

    private async Task StartSpeechAsync(int index, int port)
    {
        var metrics = LoopbackPorts.Free();
        var process = ServiceProcess.Start(Build.Dll("Speech", "Rehearse.Speech.Api"), Path.Combine(_logs, $"speech-{index}.log"),
        [
            .. ServiceArguments.Speech(port, metrics),
            // Only the model the interviews use, to start sooner.
            "--Speech:Recognition:PreloadModels=moonshine-base",
        ]);
        lock (_speech)
        {
            _speech.Add(new Instance(process, port, metrics));
        }
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new SpeechService.SpeechServiceClient(channel);
        await process.WaitUntilAnsweringAsync("Speech", StartupTimeout, async () => await client.ListVoicesAsync(new ListVoicesRequest()));
    }

    private async Task StartInterviewAsync(int index, string database, string speechAddress, string clusterId, IReadOnlyList<string> extra)
    {
        var (port, metrics) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var process = ServiceProcess.Start(Build.Dll("Interview", "Rehearse.Interview.Api"), Path.Combine(_logs, $"interview-{index}.log"),
        [.. ServiceArguments.Interview(port, metrics, database, speechAddress, clusterId), .. extra]);
        lock (_interview)
        {
            _interview.Add(new Instance(process, port, metrics));
        }
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new InterviewService.InterviewServiceClient(channel.CreateCallInvoker().Intercept(m =>
        {
            m.Add("x-api-key", "failover-probe-" + index);
            return m;
        }));
        await process.WaitUntilAnsweringAsync("Interview", StartupTimeout, async () => await client.GetSetupOptionsAsync(new GetSetupOptionsRequest()));
    }

    /// <summary>
    /// A channel over both Interview processes, round-robin, as a load balancer in front of them would spread calls.
    /// A call refused as UNAVAILABLE before any answer (its process unreachable, or the session it names between
    /// silos) is tried again, up to 5 attempts.
    /// </summary>
    private static GrpcChannel CreateBalancedChannel(IEnumerable<int> ports)
    {
        var addresses = ports.Select(p => new BalancerAddress("127.0.0.1", p)).ToList();
        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses));
        var retry = new RetryPolicy
        {
            MaxAttempts = 5,
            InitialBackoff = TimeSpan.FromMilliseconds(200),
            MaxBackoff = TimeSpan.FromSeconds(1),
            BackoffMultiplier = 2,
            RetryableStatusCodes = { StatusCode.Unavailable },
        };
        return GrpcChannel.ForAddress("static:///interview", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            ServiceProvider = services.BuildServiceProvider(),
            MaxReceiveMessageSize = null,
            ServiceConfig = new ServiceConfig
            {
                LoadBalancingConfigs = { new RoundRobinConfig() },
                MethodConfigs = { new MethodConfig { Names = { MethodName.Default }, RetryPolicy = retry } },
            },
        });
    }

    private static async Task KillAsync(ServiceProcess process)
    {
        process.Kill();
        await process.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        _scraper.Dispose();
        // The Interview processes first: they hold calls to the Speech instances.
        foreach (var instance in _interview.Concat(_speech))
        {
            await instance.Process.StopAsync();
        }
    }
}
