extern alias coderunner;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

[assembly: AssemblyFixture(typeof(Rehearse.Interview.FunctionalTests.CodeRunnerServiceFixture))]

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// One in-process code runner for the assembly, with the real sandbox, started before the tests (the factory's start
/// on first use is not thread-safe, and test classes run in parallel); its runs live in cgroups and a work directory of
/// their own, removed at the end.
/// </summary>
public sealed class CodeRunnerServiceFixture : WebApplicationFactory<coderunner::Program>, IAsyncLifetime
{
    private static readonly string[] Controllers = ["memory", "pids", "cpuacct"];

    /// <summary>The parent cgroup of the fixture's runs.</summary>
    public string CgroupName { get; } = $"rehearse-interview-test-{Environment.ProcessId}";

    private string WorkDirectory => Path.Combine(Path.GetTempPath(), CgroupName);

    /// <summary>A handler that reaches the in-process code runner, for the Interview service's code runner client.</summary>
    public HttpMessageHandler CreateRunnerHandler() => Server.CreateHandler();

    /// <summary>Starts the host before any test runs.</summary>
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
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }
        foreach (var parent in Controllers.Select(c => Path.Combine("/sys/fs/cgroup", c, CgroupName)).Where(Directory.Exists))
        {
            Directory.Delete(parent);
        }
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
    }
}
