using Npgsql;

namespace Rehearse.Testing;

/// <summary>
/// An empty database of its own on the test PostgreSQL server (<c>REHEARSE_TEST_POSTGRES</c>, else the private
/// cluster of scripts/lib/postgres.sh), dropped when disposed.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    /// <summary>The private cluster's connection string, the server used when none is configured.</summary>
    public const string DefaultServer = "Host=127.0.0.1;Port=55432;Username=rehearse;Database=rehearse";

    private readonly string _server;

    private ScratchDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>Connection string of the database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database named <paramref name="prefix"/> and a random suffix on <paramref name="server"/> (default: the test server).</summary>
    public static async Task<ScratchDatabase> CreateAsync(string prefix, string? server = null)
    {
        server ??= Environment.GetEnvironmentVariable("REHEARSE_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;
        var name = $"{prefix}_{Guid.NewGuid().ToString("N")[..12]}";
        try
        {
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{server}': start it with scripts/lib/postgres.sh start (scripts/test does), " +
                $"or set REHEARSE_TEST_POSTGRES. {e.Message}", e);
        }
        return new ScratchDatabase(server, name);
    }

    /// <summary>Drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // A server that went away (a test stopped it) takes its databases with it.
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
