using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Rehearse.Interview.Api.Speech;
using Rehearse.Speech.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>The Interview service's connection to a Speech service that accepts connections and never answers.</summary>
public sealed class SpeechConnectionTests
{
    [Fact]
    public async Task A_recognition_call_to_a_hung_Speech_service_fails_within_the_call_timeout_not_its_deadline()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            // Accepted and never read from or written to, as a stopped process's sockets.
            while (!ct.IsCancellationRequested)
            {
                held.Add(await listener.AcceptSocketAsync(ct));
            }
        }, ct);
        var options = new SpeechClientOptions { CallTimeout = TimeSpan.FromSeconds(2) };
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}",
            new GrpcChannelOptions { HttpHandler = SpeechConnection.CreateHandler(options) });
        var client = new SpeechService.SpeechServiceClient(channel);

        var clock = Stopwatch.StartNew();
        using var call = client.StreamingRecognize(deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: ct);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            // The first message goes out into the connection's buffers; only the answer can tell the server is not there.
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = new RecognitionConfig() }, ct);
            await call.ResponseStream.MoveNext(ct);
        });

        // The ping's timeout resets the connection; the gateway takes that failure as an outage (a notice, not a hang).
        Assert.True(SpeechGateway.IsOutage(error), $"{error.StatusCode}: {error.Status.Detail}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"failed after {clock.Elapsed.TotalSeconds:0.0} s; the ping finds a hung server within 1.5 × CallTimeout (3 s).");
        listener.Stop();
        held.ForEach(s => s.Dispose());
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
