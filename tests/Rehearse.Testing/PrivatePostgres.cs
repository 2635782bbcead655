using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rehearse.Testing;

/// <summary>
/// A PostgreSQL cluster of one test's own (scripts/lib/postgres.sh on a temporary data directory and a free port),
/// for tests and fault runs that stop and start the server, which the shared test cluster must never be.
/// Disposing stops it and deletes its files.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _data;
    private readonly int _port;

    private PrivatePostgres()
    {
        _data = Path.Combine(Path.GetTempPath(), "rehearse-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _port = LoopbackPorts.Free();
    }

    /// <summary>Connection string of the cluster's default database, as postgres.sh prints it.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Initialises and starts a cluster.</summary>
    public static async Task<PrivatePostgres> StartAsync()
    {
        var cluster = new PrivatePostgres();
        try
        {
            cluster.ConnectionString = (await cluster.RunAsync("start")).Trim();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server the way postgres.sh does (fast shutdown: open connections are ended).</summary>
    public Task StopAsync() => RunAsync("stop");

    /// <summary>Starts the stopped server again on the same data and port.</summary>
    public Task RestartAsync() => RunAsync("start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (Directory.Exists(_data))
            {
                Directory.Delete(_data, recursive: true);
            }
            File.Delete(_data + ".init.log");
        }
    }


    private async Task<string> RunAsync(string command)
    {
        var start = new ProcessStartInfo(Path.Combine(TestPaths.RepositoryRoot, "scripts", "lib", "postgres.sh"), command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["REHEARSE_PG_DATA"] = _data, ["REHEARSE_PG_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {command} failed ({process.ExitCode}): {await error}");
        }
        return await output;
    }
}
