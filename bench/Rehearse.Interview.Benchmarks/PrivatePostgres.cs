using System.Diagnostics;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// A PostgreSQL cluster of its own in a temporary directory on a free port (through scripts/lib/postgres.sh), so a
/// fault can stop and start the database without touching the server other tests share. Removed when disposed.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rehearse-faults-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _port = ServiceProcesses.FreePort();

    private PrivatePostgres()
    {
    }

    public string ConnectionString { get; private set; } = "";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var cluster = new PrivatePostgres();
        Directory.CreateDirectory(cluster._directory);
        cluster.ConnectionString = (await cluster.RunAsync("start")).Trim();
        return cluster;
    }

    /// <summary>Stops the server (fast shutdown: open connections are ended).</summary>
    public Task StopAsync() => RunAsync("stop");

    /// <summary>Starts it again on the same port and data.</summary>
    public Task StartAgainAsync() => RunAsync("start");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<string> RunAsync(string command)
    {
        var start = new ProcessStartInfo(Path.Combine(TestPaths.RepositoryRoot, "scripts", "lib", "postgres.sh"), [command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["REHEARSE_PG_DATA"] = Path.Combine(_directory, "data");
        start.Environment["REHEARSE_PG_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {command} failed: {await errors}");
        }
        return await output;
    }
}
