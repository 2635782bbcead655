using System.Net.Http.Json;
using Grpc.Core;
using Rehearse.Interview.Api.Identity;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>With <c>Identity:RequireRegisteredKeys</c>, only keys the operator registered (and whose data was not deleted) are accepted.</summary>
public sealed class RegisteredKeyTests(SpeechServiceFixture speech)
    : InterviewServiceTest(speech, new Dictionary<string, string?> { ["Identity:RequireRegisteredKeys"] = "true" })
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unknown_key_is_refused_and_a_key_registered_as_documented_is_a_user()
    {
        var status = await Host.CreateClient().GetFromJsonAsync<SignIn.AccountStatus>("/account", Ct);
        Assert.Equal(new SignIn.AccountStatus("registered-key", false, null), status);

        var key = NewKey();
        var refused = await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => Host.Client(key, Transport.GrpcWeb).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal("The API key is not registered on this server.", refused);
        Assert.Equal(0L, await Database.ScalarAsync<long>("select count(*) from users"));

        // The recipe of docs/interview.md.
        await Database.ScalarAsync<Guid>(
            $"insert into users (id, key_hash, created_at) values (gen_random_uuid(), encode(sha256('{key}'::bytea), 'hex'), now()) returning id");
        var client = Host.Client(key, Transport.GrpcWeb);
        var created = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session;
        Assert.Equal([created.Id], (await client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct)).Sessions.Select(s => s.Id));

        var malformed = await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => Host.Client("short").ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Contains("16 to 128 characters", malformed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_key_whose_data_was_deleted_is_refused()
    {
        var key = NewKey();
        var client = Host.Client(key);
        await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        await Database.ScalarAsync<Guid>(
            $"insert into users (id, key_hash, created_at) values (gen_random_uuid(), encode(sha256('{key}'::bytea), 'hex'), now()) returning id");
        await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct);

        Assert.Equal(1, (await client.DeleteUserDataAsync(new DeleteUserDataRequest(), cancellationToken: Ct)).DeletedSessions);

        var refused = await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal("The API key is not registered on this server.", refused);
        Assert.Equal(0L, await Database.ScalarAsync<long>("select count(*) from users"));
    }
}
