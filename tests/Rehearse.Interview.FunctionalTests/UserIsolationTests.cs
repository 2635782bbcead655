using Google.Protobuf;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// One user cannot read, change, stream, delete or learn of another user's sessions: every session rpc answers
/// NOT_FOUND with the message it gives for an id that never existed, and listings hold the caller's sessions only.
/// The rpcs are taken from the service descriptor, so a new rpc without a case here fails the test.
/// </summary>
public sealed class UserIsolationTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What user B tries on a session id of user A's (or on one that never existed).</summary>
    private static readonly Dictionary<string, Func<InterviewService.InterviewServiceClient, string, Task>> SessionCalls = new()
    {
        ["GetSession"] = (c, id) => c.GetSessionAsync(new GetSessionRequest { SessionId = id }, cancellationToken: Ct).ResponseAsync,
        ["EndSession"] = (c, id) => c.EndSessionAsync(new EndSessionRequest { SessionId = id }, cancellationToken: Ct).ResponseAsync,
        ["DeleteSession"] = (c, id) => c.DeleteSessionAsync(new DeleteSessionRequest { SessionId = id }, cancellationToken: Ct).ResponseAsync,
        ["Converse"] = async (c, id) =>
        {
            using var call = c.Converse(cancellationToken: Ct);
            await call.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = id, Start = true } }, Ct);
            while (await call.ResponseStream.MoveNext(Ct))
            {
            }
        },
        ["StreamEvents"] = async (c, id) =>
        {
            using var call = c.StreamEvents(new StreamEventsRequest { SessionId = id }, cancellationToken: Ct);
            while (await call.ResponseStream.MoveNext(Ct))
            {
            }
        },
        ["SendAudio"] = (c, id) => c.SendAudioAsync(new SendAudioRequest
        {
            SessionId = id,
            Audio = ByteString.CopyFrom(new byte[3200]),
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = 16000 },
        }, cancellationToken: Ct).ResponseAsync,
        ["SendText"] = (c, id) => c.SendTextAsync(new SendTextRequest { SessionId = id, Text = "my answer" }, cancellationToken: Ct).ResponseAsync,
        // Every action is looked up the same way; START, the one that would set another's interview going, stands for them.
        ["Control"] = (c, id) => c.ControlAsync(new ControlRequest { SessionId = id, Action = ControlAction.Start }, cancellationToken: Ct).ResponseAsync,
        ["GetReport"] = (c, id) => c.GetReportAsync(new GetReportRequest { SessionId = id }, cancellationToken: Ct).ResponseAsync,
        ["ExportReport"] = (c, id) => c.ExportReportAsync(new ExportReportRequest { SessionId = id, Format = ExportFormat.Markdown }, cancellationToken: Ct).ResponseAsync,
        ["ExportTranscript"] = (c, id) => c.ExportTranscriptAsync(new ExportTranscriptRequest { SessionId = id, Format = ExportFormat.Text }, cancellationToken: Ct).ResponseAsync,
        ["RunCode"] = (c, id) => c.RunCodeAsync(new RunCodeRequest { SessionId = id, Source = "print(1)" }, cancellationToken: Ct).ResponseAsync,
        ["StreamRunCode"] = async (c, id) =>
        {
            using var call = c.StreamRunCode(new RunCodeRequest { SessionId = id, Source = "print(1)" }, cancellationToken: Ct);
            while (await call.ResponseStream.MoveNext(Ct))
            {
            }
        },
        ["SubmitCode"] = (c, id) => c.SubmitCodeAsync(new SubmitCodeRequest { SessionId = id, Source = "print(1)" }, cancellationToken: Ct).ResponseAsync,
    };

    /// <summary>Rpcs that name no session, and where this test checks them.</summary>
    private static readonly Dictionary<string, string> NotSessionScoped = new()
    {
        ["GetSetupOptions"] = "the same options for everyone",
        ["PreviewVoice"] = "speaks a fixed sentence in a voice",
        ["CreateSession"] = "makes the caller's own session: Listings_hold_only_the_callers_sessions",
        ["ListSessions"] = "Listings_hold_only_the_callers_sessions",
        ["DeleteUserData"] = "deletes the caller's own data: PrivacyTests.Deleting_user_data_leaves_no_row_of_the_user_in_any_table_and_keeps_another_users",
    };

    [Fact]
    public void Every_rpc_has_a_cross_user_case()
    {
        var rpcs = InterviewService.Descriptor.Methods.Select(m => m.Name).ToList();

        var uncovered = rpcs.Where(rpc => !SessionCalls.ContainsKey(rpc) && !NotSessionScoped.ContainsKey(rpc)).ToList();
        Assert.True(uncovered.Count == 0, $"rpcs without a cross-user case: {string.Join(", ", uncovered)}");
        var stale = SessionCalls.Keys.Concat(NotSessionScoped.Keys).Except(rpcs).ToList();
        Assert.True(stale.Count == 0, $"cases for rpcs the service no longer has: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task Another_users_session_is_not_found_exactly_as_a_session_that_never_existed()
    {
        var owner = Host.Client(NewKey());
        var running = await CreateAsync(owner);
        await owner.ControlAsync(new ControlRequest { SessionId = running.Id, Action = ControlAction.Start }, cancellationToken: Ct);
        var ended = await CreateAsync(owner);
        await owner.ControlAsync(new ControlRequest { SessionId = ended.Id, Action = ControlAction.Start }, cancellationToken: Ct);
        await owner.EndSessionAsync(new EndSessionRequest { SessionId = ended.Id }, cancellationToken: Ct);
        await owner.GetReportAsync(new GetReportRequest { SessionId = ended.Id }, cancellationToken: Ct);

        foreach (var transport in Enum.GetValues<Transport>())
        {
            var stranger = Host.Client(NewKey(), transport);
            foreach (var (rpc, call) in SessionCalls)
            {
                if (transport == Transport.GrpcWeb && rpc == "Converse")
                {
                    continue; // gRPC-Web cannot stream requests
                }
                var neverExisted = Guid.NewGuid().ToString();
                var expected = (await NotFoundAsync(rpc, () => call(stranger, neverExisted))).Replace(neverExisted, "<id>", StringComparison.Ordinal);
                foreach (var session in new[] { running, ended })
                {
                    var message = await NotFoundAsync(rpc, () => call(stranger, session.Id));
                    Assert.Equal(expected, message.Replace(session.Id, "<id>", StringComparison.Ordinal));
                }
            }
        }

        // Nothing the stranger tried reached the sessions.
        var stillRunning = (await owner.GetSessionAsync(new GetSessionRequest { SessionId = running.Id }, cancellationToken: Ct)).Session;
        Assert.NotEqual(SessionState.Finished, stillRunning.State);
        Assert.Equal(SessionState.Finished, (await owner.GetSessionAsync(new GetSessionRequest { SessionId = ended.Id }, cancellationToken: Ct)).Session.State);
        Assert.NotNull((await owner.GetReportAsync(new GetReportRequest { SessionId = ended.Id }, cancellationToken: Ct)).Report);
    }

    [Fact]
    public async Task Listings_hold_only_the_callers_sessions()
    {
        var a = Host.Client(NewKey());
        var b = Host.Client(NewKey(), Transport.GrpcWeb);
        var ofA = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ofA.Add((await CreateAsync(a)).Id);
        }
        var ofB = (await CreateAsync(b)).Id;

        var listedForB = (await b.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct)).Sessions.Select(s => s.Id);
        var listedForA = (await a.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct)).Sessions.Select(s => s.Id);
        Assert.Equal([ofB], listedForB);
        Assert.Equal(ofA.Order(), listedForA.Order());

        // A page token of A's, replayed by B, pages through B's sessions, not A's.
        var firstPageOfA = await a.ListSessionsAsync(new ListSessionsRequest { PageSize = 1 }, cancellationToken: Ct);
        Assert.NotEmpty(firstPageOfA.NextPageToken);
        try
        {
            var replayed = await b.ListSessionsAsync(new ListSessionsRequest { PageSize = 10, PageToken = firstPageOfA.NextPageToken }, cancellationToken: Ct);
            Assert.Empty(replayed.Sessions.Select(s => s.Id).Intersect(ofA));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            // Refusing another user's token outright is as good.
        }
    }

    private static async Task<string> NotFoundAsync(string rpc, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == StatusCode.NotFound, $"{rpc}: expected NOT_FOUND, got {error.StatusCode}: {error.Status.Detail}");
        return error.Status.Detail;
    }

    private static async Task<Session> CreateAsync(InterviewService.InterviewServiceClient client) =>
        (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session;
}
