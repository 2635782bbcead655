using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Rehearse.Coding.V1;

[assembly: AssemblyFixture(typeof(Rehearse.CodeRunner.FunctionalTests.CodeRunnerFixture))]

namespace Rehearse.CodeRunner.FunctionalTests;

/// <summary>
/// One in-process code runner for the test assembly, with the real sandbox, reached through a real gRPC channel
/// over the test server. Its runs live in cgroups and a work directory of their own, removed at the end.
/// </summary>
public sealed class CodeRunnerFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The fixture's concurrency cap.</summary>
    public const int MaxConcurrentRuns = 2;

    private readonly Lazy<GrpcChannel> _channel;

    /// <summary>Creates the fixture; the host starts before the tests (<see cref="InitializeAsync"/>).</summary>
    public CodeRunnerFixture()
    {
        CgroupName = $"rehearse-coderunner-test-{Environment.ProcessId}";
        WorkDirectory = Path.Combine(Path.GetTempPath(), CgroupName);
        _channel = new Lazy<GrpcChannel>(() => GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = Server.CreateHandler(),
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        }));
    }

    /// <summary>The parent cgroup of the fixture's runs.</summary>
    public string CgroupName { get; }

    /// <summary>Where the fixture's runs write their source files.</summary>
    public string WorkDirectory { get; }

    /// <summary>The channel to the in-process service.</summary>
    public GrpcChannel Channel => _channel.Value;

    /// <summary>A client of the code runner.</summary>
    public CodeRunnerService.CodeRunnerServiceClient CreateRunnerClient() => new(Channel);

    /// <summary>Runs a scratch program.</summary>
    public async Task<RunCodeResponse> RunAsync(Language language, string source, TimeSpan? timeLimit = null, string stdin = "")
    {
        var request = new RunCodeRequest { Language = language, Source = source, Stdin = stdin };
        if (timeLimit is { } limit)
        {
            request.TimeLimit = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(limit);
        }
        return await CreateRunnerClient().RunCodeAsync(request, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The status a call ends with.</summary>
    public static async Task<Status> StatusOfAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        return error.Status;
    }

    /// <summary>Asserts that the runner still runs a trivial program normally, and left no run behind.</summary>
    public async Task AssertServesNextRunAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var response = await RunAsync(Language.Python, "print('still here')\n");
        Assert.Equal(RunStatus.Completed, response.Status);
        Assert.Equal("still here\n", response.Stdout);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the next run took {stopwatch.Elapsed}");
        foreach (var controller in new[] { "memory", "pids", "cpuacct" })
        {
            var parent = Path.Combine("/sys/fs/cgroup", controller, CgroupName);
            Assert.Empty(Directory.GetDirectories(parent));
        }
        Assert.Empty(Directory.GetFileSystemEntries(WorkDirectory));
    }

    /// <summary>
    /// Starts the host before any test runs. Left to start on first use, tests of classes that run in parallel could
    /// each start one (the factory's lazy start is not thread-safe): calls would then reach one host while
    /// <c>Services</c> (its meters, its engines) belonged to another.
    /// </summary>
    public ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("CodeRunner:Sandbox:CgroupName", CgroupName);
        builder.UseSetting("CodeRunner:Sandbox:WorkDirectory", WorkDirectory);
        builder.UseSetting("CodeRunner:Sandbox:MaxConcurrentRuns", MaxConcurrentRuns.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _channel.IsValueCreated)
        {
            _channel.Value.Dispose();
        }
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var controller in new[] { "memory", "pids", "cpuacct" })
            {
                var parent = Path.Combine("/sys/fs/cgroup", controller, CgroupName);
                if (Directory.Exists(parent))
                {
                    Directory.Delete(parent);
                }
            }
            if (Directory.Exists(WorkDirectory))
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
        }
    }
}
