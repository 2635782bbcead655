using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>A user deleting all their data while their other calls are running, as two open tabs can.</summary>
public sealed class UserDeletionRaceTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    [Fact]
    public async Task Calls_racing_a_deletion_of_all_the_users_data_end_with_statuses_the_service_chose()
    {
        var ct = TestContext.Current.CancellationToken;
        var failures = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            // A new key each round: its first calls create the user while others delete it.
            var client = Host.Client(NewKey());
            await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
            {
                try
                {
                    if (i % 3 == 0)
                    {
                        await client.DeleteUserDataAsync(new DeleteUserDataRequest(), cancellationToken: ct);
                    }
                    else if (i % 3 == 1)
                    {
                        await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: ct);
                    }
                    else
                    {
                        await client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: ct);
                    }
                }
                catch (RpcException e)
                {
                    if (e.StatusCode is not (StatusCode.Unknown or StatusCode.Internal))
                    {
                        // A status the service chose (a rate limit, say).
                        return;
                    }
                    lock (failures)
                    {
                        failures.Add($"{e.StatusCode}: {e.Status.Detail}");
                    }
                }
            }));
        }

        Assert.Empty(failures);
    }
}
