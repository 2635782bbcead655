using Grpc.Core;
using Rehearse.Interview.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// PostgreSQL restarting mid-interview loses no completed turn: the interview goes on while the database is down,
/// the client is told, and everything is saved once it is back. The test stops and starts a cluster of its own.
/// </summary>
public sealed class DatabaseOutageTests(SpeechServiceFixture speech) : IAsyncLifetime
{
    private PrivatePostgres? _postgres;
    private TestDatabase? _database;
    private InterviewHost? _host;

    private PrivatePostgres Postgres => _postgres!;

    private TestDatabase Database => _database!;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        _database = await TestDatabase.CreateAsync(_postgres.ConnectionString);
        _host = new InterviewHost(_database.ConnectionString, speech);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
        finally
        {
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_turn_answered_while_the_database_is_down_is_saved_when_it_is_back_and_the_interview_finishes()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _host!.Client("test-" + Guid.NewGuid().ToString("N"), Transport.GrpcWeb);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(3) }, cancellationToken: ct)).Session;
        var storedTurns = $"SELECT count(*) FROM turns WHERE session_id = '{session.Id}'";
        // A second subscriber (another tab) watches for notices, so waiting for one takes no event from the answering one.
        using var noticeStream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: ct);
        await using var notices = SessionEvents.From(noticeStream);
        await using var connection = await SessionConnection.StartAsync(client, session.Id, Transport.GrpcWeb, ct);

        var answers = await InterviewScript.PlayAsync(connection.Events, async i =>
        {
            var text = InterviewScript.TypedAnswer(i);
            if (i == 1)
            {
                // The first turn is committed, then the database goes away and the next answer is given.
                await Database.WaitForAsync(storedTurns, 1);
                await Postgres.StopAsync();
                await connection.SendTextAsync(text, ct);
                var outage = await notices.WaitForAsync(e => e.Notice?.Code == "storage_unavailable");
                Assert.Equal(NoticeLevel.Warning, outage.Notice.Level);
                var held = await client.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: ct);
                Assert.Equal([InterviewScript.TypedAnswer(0), text], held.Turns.Select(t => t.Answer));
                return text;
            }
            if (i == 2)
            {
                // This question was asked while the database was down; it comes back before the answer.
                await Postgres.RestartAsync();
                await notices.WaitForAsync(e => e.Notice?.Code == "storage_restored");
                await Database.WaitForAsync(storedTurns, 2);
            }
            await connection.SendTextAsync(text, ct);
            return text;
        });
        await connection.Events.WaitForEndAsync();

        Assert.True(answers.Count >= 3, $"{answers.Count} answers: the interview went on past the outage.");
        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct)).Report;
        Assert.Equal(answers, report.Turns.Select(t => t.Turn.Answer));
        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: ct);
        Assert.Equal(SessionState.Finished, stored.Session.State);
        Assert.Equal(answers, stored.Turns.Select(t => t.Answer));

        var (turnsInDatabase, reportInDatabase) = await Database.StoredAnswersAsync(session.Id);
        Assert.Equal(answers, turnsInDatabase);
        Assert.Equal(answers, reportInDatabase);
        Assert.Equal("Finished", (await Database.StringsAsync($"SELECT state FROM sessions WHERE id = '{session.Id}'")).Single());
        // Every event, those of the outage included, is stored: numbered from 1 without a gap.
        Assert.Equal(stored.Session.LastSequence, await Database.ScalarAsync<long>($"SELECT count(*) FROM events WHERE session_id = '{session.Id}'"));
        Assert.Equal(stored.Session.LastSequence, await Database.ScalarAsync<long>($"SELECT max(sequence) FROM events WHERE session_id = '{session.Id}'"));
    }

    [Fact]
    public async Task Calls_that_need_the_database_while_it_is_down_are_unavailable_and_work_once_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var known = _host!.Client("test-" + Guid.NewGuid().ToString("N"));
        var create = new CreateSessionRequest { Config = InterviewScript.TextOnly(3) };
        await known.CreateSessionAsync(create, cancellationToken: ct);

        await Postgres.StopAsync();
        // A known caller creating a session, listing its history, and a caller whose key is new (looked up first).
        await InterviewScript.FailsWith(StatusCode.Unavailable, () => known.CreateSessionAsync(create, cancellationToken: ct).ResponseAsync);
        await InterviewScript.FailsWith(StatusCode.Unavailable, () => known.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: ct).ResponseAsync);
        var newcomer = _host.Client("test-" + Guid.NewGuid().ToString("N"));
        await InterviewScript.FailsWith(StatusCode.Unavailable, () => newcomer.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: ct).ResponseAsync);

        await Postgres.RestartAsync();
        await known.CreateSessionAsync(create, cancellationToken: ct);
        Assert.Equal(2, (await known.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: ct)).Sessions.Count);
        Assert.Empty((await newcomer.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: ct)).Sessions);
    }
}
