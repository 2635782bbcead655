using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// What a candidate typed and their API key do not reach the service's logs, even at the most verbose level (Trace,
/// for every category including ASP.NET Core, gRPC and EF Core), and deleting a session leaves nothing of it in the
/// database.
/// </summary>
public sealed class PrivacyTests(SpeechServiceFixture speech) : InterviewServiceTest(speech, new Dictionary<string, string?>
{
    ["Logging:LogLevel:Default"] = "Trace",
    ["Logging:LogLevel:Microsoft"] = "Trace",
    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
    ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
    ["Logging:LogLevel:Grpc"] = "Trace",
})
{
    private const string Distinctive = "Quetzalcoatlus";

    [Fact]
    public async Task A_typed_interview_leaves_no_answer_text_and_no_api_key_in_the_logs()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = "privacy-" + Guid.NewGuid().ToString("N");
        var client = Host.Client(key);
        await PlayTypedInterviewAsync(client, ct);

        var logs = Host.Logs.ToArray();
        await File.WriteAllLinesAsync(Path.Combine(Rehearse.Testing.TestPaths.ArtifactsDirectory("log-privacy"), "typed-interview.log"), logs, ct);
        // The capture works, and saw the calls at the verbose levels.
        Assert.Contains(logs, line => line.StartsWith("Trace", StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Contains("InterviewService/Converse", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains(Distinctive, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logs, line => line.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains("failed payments dropped", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Deleting_a_session_leaves_no_row_of_it_and_none_of_its_words_in_any_table()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey());
        var session = await PlayTypedInterviewAsync(client, ct);
        await client.ExportTranscriptAsync(new ExportTranscriptRequest { SessionId = session }, cancellationToken: ct);
        await client.ExportReportAsync(new ExportReportRequest { SessionId = session }, cancellationToken: ct);
        var tables = await Database.StringsAsync(
            "SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'session_id'");
        Assert.NotEmpty(tables);
        await Database.WaitForAsync($"SELECT count(*) FROM reports WHERE session_id = '{session}'", 1);
        Assert.True(await WordsStoredAsync() > 0, "the answers were not stored, so their deletion proves nothing");

        await client.DeleteSessionAsync(new DeleteSessionRequest { SessionId = session }, cancellationToken: ct);

        foreach (var table in tables)
        {
            Assert.Equal(0L, await Database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE session_id = '{session}'"));
        }
        Assert.Equal(0L, await WordsStoredAsync());
    }

    // Rows of any table whose text, or whose bytes (events are stored as protobuf), hold the answers' distinctive word.
    private async Task<long> WordsStoredAsync()
    {
        long rows = 0;
        foreach (var table in await Database.StringsAsync("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"))
        {
            rows += await Database.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\" t WHERE t::text ILIKE '%{Distinctive}%'");
        }
        foreach (var column in await Database.StringsAsync("SELECT format('%I.%I', table_name, column_name) FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'bytea'"))
        {
            var (table, name) = (column.Split('.')[0], column.Split('.')[1]);
            rows += await Database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE position(convert_to('{Distinctive}', 'UTF8') in {name}) > 0");
        }
        return rows;
    }

    /// <summary>A one-question interview answered by typing through Converse, with <see cref="Distinctive"/> in the answer; returns the session id.</summary>
    private static async Task<string> PlayTypedInterviewAsync(InterviewService.InterviewServiceClient client, CancellationToken ct)
    {
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(1) }, cancellationToken: ct)).Session;
        using var call = client.Converse(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = session.Id, Start = true } }, ct);
        await using var events = SessionEvents.From(call);
        await InterviewScript.PlayAsync(events, async i =>
        {
            var text = $"{InterviewScript.TypedAnswer(i)} We named the service {Distinctive}.";
            await call.RequestStream.WriteAsync(new ConverseRequest { Text = text }, ct);
            return text;
        });
        await events.WaitForEndAsync();
        await call.RequestStream.CompleteAsync();
        await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct);
        return session.Id;
    }
}
