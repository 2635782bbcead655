using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// One user may have <c>Interview:MaxActiveSessionsPerUser</c> sessions running at once (3 by default): starting
/// one more is RESOURCE_EXHAUSTED naming the limit, through either transport, until one finishes or is ended.
/// </summary>
public sealed class SessionLimitTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    private const int Limit = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_with_the_most_sessions_running_cannot_start_another_until_one_ends_and_others_are_unaffected()
    {
        var client = Host.Client(NewKey());
        var running = new List<string>();
        for (var i = 0; i < Limit; i++)
        {
            var id = await CreateAsync(client);
            await StartAsync(client, id);
            running.Add(id);
        }
        var fourth = await CreateAsync(client);

        var refused = await Assert.ThrowsAsync<RpcException>(() => StartAsync(client, fourth));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains($"{Limit} interview sessions running", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Interview:MaxActiveSessionsPerUser", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(SessionState.Created, (await client.GetSessionAsync(new GetSessionRequest { SessionId = fourth }, cancellationToken: Ct)).Session.State);

        // Converse's start is held to the same limit: the call ends with the same status.
        using (var call = client.Converse(cancellationToken: Ct))
        {
            await call.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = fourth, Start = true } }, Ct);
            var viaConverse = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await call.ResponseStream.MoveNext(Ct))
                {
                }
            });
            Assert.Equal(StatusCode.ResourceExhausted, viaConverse.StatusCode);
        }

        // Another user is not affected.
        var other = Host.Client(NewKey(), Transport.GrpcWeb);
        await StartAsync(other, await CreateAsync(other));

        // Starting a running session again (it continues) is not a new one.
        await StartAsync(client, running[0]);

        // An ended session frees its place.
        await client.EndSessionAsync(new EndSessionRequest { SessionId = running[0] }, cancellationToken: Ct);
        await StartAsync(client, fourth);
        Assert.NotEqual(SessionState.Created, (await client.GetSessionAsync(new GetSessionRequest { SessionId = fourth }, cancellationToken: Ct)).Session.State);
    }

    private static async Task<string> CreateAsync(InterviewService.InterviewServiceClient client) =>
        (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session.Id;

    private static async Task StartAsync(InterviewService.InterviewServiceClient client, string sessionId) =>
        await client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: Ct);
}
