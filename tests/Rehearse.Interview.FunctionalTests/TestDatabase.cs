using Npgsql;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A database of its own for one test class on the test PostgreSQL server (<c>REHEARSE_TEST_POSTGRES</c>, else the
/// private cluster of scripts/lib/postgres.sh), dropped at the end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The private cluster's connection string, the default server.</summary>
    public const string DefaultServer = "Host=127.0.0.1;Port=55432;Username=rehearse;Database=rehearse";

    private readonly string _server;
    // The test's own queries use unpooled connections, so they never share a connection with the service under test
    // (whose pool a server restart leaves holding dead connections, for the service to deal with).
    private readonly string _queries;

    private TestDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
        _queries = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>Connection string of the database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database on <paramref name="server"/> (default: the test server).</summary>
    public static async Task<TestDatabase> CreateAsync(string? server = null)
    {
        server ??= Environment.GetEnvironmentVariable("REHEARSE_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;
        var name = "rehearse_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{server}': start it with scripts/lib/postgres.sh start (scripts/test does), " +
                $"or set REHEARSE_TEST_POSTGRES. {e.Message}", e);
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(server, name, builder.ConnectionString);
    }

    /// <summary>Runs a query that returns one value.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_queries);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a query that returns one column of text.</summary>
    public async Task<IReadOnlyList<string>> StringsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_queries);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    /// <summary>A session's answers as its turns are stored, and as its stored report holds them, in order.</summary>
    public async Task<(IReadOnlyList<string> Turns, IReadOnlyList<string> Report)> StoredAnswersAsync(string sessionId) => (
        await StringsAsync($"SELECT answer FROM turns WHERE session_id = '{sessionId}' ORDER BY index"),
        await StringsAsync($"SELECT t -> 'turn' ->> 'answer' FROM reports, jsonb_array_elements(content -> 'turns') WITH ORDINALITY AS r(t, n) WHERE session_id = '{sessionId}' ORDER BY n"));

    /// <summary>Waits until a query returns <paramref name="expected"/> (the service writes behind the conversation).</summary>
    public async Task WaitForAsync(string sql, long expected, TimeSpan? timeout = null)
    {
        var giveUp = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        long actual;
        while ((actual = await ScalarAsync<long>(sql)) != expected)
        {
            Assert.True(DateTime.UtcNow < giveUp, $"'{sql}' returned {actual}, expected {expected}.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A server that went away (a test stopped it) takes its databases with it.
        }
    }
}
