using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>What only shows over a real connection: HTTP/2 stream bookkeeping and request header limits.</summary>
public sealed class SocketTransportTests : InterviewServiceTest
{
    public SocketTransportTests(SpeechServiceFixture speech) : base(speech)
    {
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hundreds_of_Converse_calls_the_service_ends_before_reading_what_was_sent_leave_the_connection_usable()
    {
        Host.StartOnSocket();
        var (client, channel) = Host.SocketClient(NewKey());
        using var connection = channel;
        // Kestrel keeps a stream the service ended before the client finished sending for a while; a few hundred of
        // them on one connection used to make it refuse new streams and then reset the connection.
        for (var call = 0; call < 400; call++)
        {
            using var converse = client.Converse(cancellationToken: Ct);
            try
            {
                await converse.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = Guid.NewGuid().ToString() } }, Ct);
                await converse.RequestStream.WriteAsync(new ConverseRequest { Text = "An answer the service never reads." }, Ct);
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException)
            {
                // The service ended the call first; its status is read below.
            }
            var error = await Assert.ThrowsAsync<RpcException>(() => converse.ResponseStream.MoveNext(Ct));
            Assert.True(error.StatusCode == StatusCode.NotFound, $"call {call}: {error.Status}");
        }
        await client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
    }

    [Fact]
    public async Task An_API_key_of_60_KB_is_refused_UNAUTHENTICATED_naming_the_header_and_the_limit()
    {
        Host.StartOnSocket();
        var (client, channel) = Host.SocketClient(new string('k', 60 * 1024));
        using var connection = channel;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("x-api-key", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("128", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("kkkk", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_over_the_transport_limit_are_refused_before_sending_and_the_connection_stays_usable()
    {
        Host.StartOnSocket();
        var (wellFormed, channel) = Host.SocketClient(NewKey());
        using var connection = channel;
        // Once the connection is open the client knows the service's limit from its HTTP/2 settings.
        await wellFormed.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
        var (oversized, _) = Host.SocketClient(new string('k', 100 * 1024), channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => oversized.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.True(error.Status.Detail.Contains("exceeded the server limit of 65536 bytes", StringComparison.Ordinal), error.Status.Detail);
        await wellFormed.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
    }
}
