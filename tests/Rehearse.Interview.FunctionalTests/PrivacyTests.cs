using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// What a candidate typed and their API key do not reach the service's logs, even at the most verbose level (Trace,
/// for every category including ASP.NET Core, gRPC and EF Core), and deleting a session, or all of a user's data,
/// leaves nothing of it in the database.
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
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = await PlayPracticeWithRedoAsync(client, ct);
        await client.ExportTranscriptAsync(new ExportTranscriptRequest { SessionId = session }, cancellationToken: ct);
        await client.ExportReportAsync(new ExportReportRequest { SessionId = session }, cancellationToken: ct);
        var tables = await Database.StringsAsync(
            "SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'session_id'");
        Assert.NotEmpty(tables);
        await Database.WaitForAsync($"SELECT count(*) FROM reports WHERE session_id = '{session}'", 1);
        Assert.True(await WordsStoredAsync() > 0, "the answers were not stored, so their deletion proves nothing");
        Assert.True(await Database.ScalarAsync<long>($"SELECT count(*) FROM turns WHERE session_id = '{session}' AND attempt = 2") > 0,
            "the second attempt was not stored, so its deletion proves nothing");

        await client.DeleteSessionAsync(new DeleteSessionRequest { SessionId = session }, cancellationToken: ct);

        foreach (var table in tables)
        {
            Assert.Equal(0L, await Database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE session_id = '{session}'"));
        }
        Assert.Equal(0L, await WordsStoredAsync());
    }

    [Fact]
    public async Task Deleting_user_data_leaves_no_row_of_the_user_in_any_table_and_keeps_another_users()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = NewKey();
        var client = Host.Client(key);
        var finished = await PlayTypedInterviewAsync(client, ct);
        var running = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: ct)).Session.Id;
        await client.ControlAsync(new ControlRequest { SessionId = running, Action = ControlAction.Start }, cancellationToken: ct);
        var other = Host.Client(NewKey());
        var kept = (await other.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: ct)).Session.Id;
        await other.ControlAsync(new ControlRequest { SessionId = kept, Action = ControlAction.Start }, cancellationToken: ct);

        await Database.WaitForAsync($"SELECT count(*) FROM reports WHERE session_id = '{finished}'", 1);
        var user = await Database.ScalarAsync<Guid>($"SELECT user_id FROM sessions WHERE id = '{finished}'");
        var sessionTables = await Database.StringsAsync(
            "SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'session_id'");
        var userTables = await Database.StringsAsync(
            "SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'");
        Assert.Contains("sessions", userTables);
        Assert.True(await WordsStoredAsync() > 0, "the answers were not stored, so their deletion proves nothing");
        var keptRowsBefore = await RowsOfSessionAsync(sessionTables, kept);
        Assert.True(keptRowsBefore > 1, "the other user's session has no rows beyond its own, so keeping them proves little");

        var response = await client.DeleteUserDataAsync(new DeleteUserDataRequest(), cancellationToken: ct);

        Assert.Equal(2, response.DeletedSessions);
        Assert.Equal(0L, await RowsOfSessionAsync(sessionTables, finished) + await RowsOfSessionAsync(sessionTables, running));
        foreach (var table in userTables)
        {
            Assert.Equal(0L, await Database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE user_id = '{user}'"));
        }
        Assert.Equal(0L, await Database.ScalarAsync<long>($"SELECT count(*) FROM users WHERE id = '{user}'"));
        Assert.Equal(0L, await WordsStoredAsync());

        // The other user's session is whole and still answers.
        Assert.Equal(keptRowsBefore, await RowsOfSessionAsync(sessionTables, kept));
        Assert.Equal([kept], (await other.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: ct)).Sessions.Select(s => s.Id));

        // Where any key is accepted, the same key is now a new user with nothing.
        Assert.Empty((await client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: ct)).Sessions);
        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT count(*) FROM users"));
        Assert.Equal(0, (await client.DeleteUserDataAsync(new DeleteUserDataRequest(), cancellationToken: ct)).DeletedSessions);
    }

    private async Task<long> RowsOfSessionAsync(IEnumerable<string> sessionTables, string session)
    {
        long rows = await Database.ScalarAsync<long>($"SELECT count(*) FROM sessions WHERE id = '{session}'");
        foreach (var table in sessionTables)
        {
            rows += await Database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE session_id = '{session}'");
        }
        return rows;
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
    // A practice session whose question is tried twice, so that attempts and feedback are stored too.
    private static async Task<string> PlayPracticeWithRedoAsync(InterviewService.InterviewServiceClient client, CancellationToken ct)
    {
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = PracticeScript.TextOnly() }, cancellationToken: ct)).Session;
        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: ct);
        await using var events = SessionEvents.From(stream);
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.Start }, cancellationToken: ct);
        await PracticeScript.PlayAsync(events,
            async asked => await client.SendTextAsync(new SendTextRequest
            {
                SessionId = session.Id,
                Text = $"{InterviewScript.TypedAnswer(asked.Attempt)} We named the service {Distinctive}.",
            }, cancellationToken: ct),
            async given => await client.ControlAsync(new ControlRequest
            {
                SessionId = session.Id,
                Action = given.Attempt == 1 ? ControlAction.RedoAnswer : ControlAction.Continue,
            }, cancellationToken: ct));
        await events.WaitForEndAsync();
        await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct);
        return session.Id;
    }

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
