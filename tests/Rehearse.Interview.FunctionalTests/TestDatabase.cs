using Npgsql;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A database of its own for one test class on the test PostgreSQL server (<c>REHEARSE_TEST_POSTGRES</c>, else the
/// private cluster of scripts/lib/postgres.sh), dropped at the end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ScratchDatabase _database;
    // The test's own queries use unpooled connections, so they never share a connection with the service under test
    // (whose pool a server restart leaves holding dead connections, for the service to deal with).
    private readonly string _queries;

    private TestDatabase(ScratchDatabase database)
    {
        _database = database;
        _queries = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
    }

    /// <summary>The database name.</summary>
    public string Name => _database.Name;

    /// <summary>Connection string of the database.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <summary>Creates an empty database on <paramref name="server"/> (default: the test server).</summary>
    public static async Task<TestDatabase> CreateAsync(string? server = null) =>
        new(await ScratchDatabase.CreateAsync("rehearse_test", server));

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

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
