using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.V1;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Hosting;

/// <summary>A service with the default call limits, reached over a socket (one HTTP/2 connection) as a deployed service is.</summary>
public sealed class SocketSpeechService(SpeechServiceFixture service) : ConfiguredSpeechService(service, new Dictionary<string, string>
{
    ["Speech:Recognition:PreloadModels"] = "moonshine-tiny",
    ["Speech:Recognition:DefaultModel"] = "moonshine-tiny",
}, SpeechTransport.Socket);

/// <summary>
/// A caller that has its status has given its slot back: back-to-back rounds of exactly as many concurrent calls
/// as the limit allows never meet RESOURCE_EXHAUSTED.
/// </summary>
public sealed class SlotReleaseTests(SocketSpeechService service) : IClassFixture<SocketSpeechService>
{
    private const int Rounds = 10;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Back_to_back_rounds_of_exactly_the_synthesis_limit_all_succeed_over_a_socket()
    {
        var limit = service.Services.GetRequiredService<SpeechSynthesizer>().Options.MaxConcurrentStreams;
        var client = service.CreateSpeechClient();
        for (var round = 0; round < Rounds; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, limit).Select(_ => StatusOfSynthesisAsync(client)));
            Assert.All(results, status => Assert.Equal(StatusCode.OK, status.StatusCode));
        }
    }

    [Fact]
    public async Task Back_to_back_rounds_of_exactly_the_recognition_limit_all_succeed_over_a_socket()
    {
        var limit = service.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RecognitionOptions>>().Value.MaxConcurrentRecognitions;
        var client = service.CreateSpeechClient();
        for (var round = 0; round < Rounds; round++)
        {
            var unary = await Task.WhenAll(Enumerable.Range(0, limit).Select(_ => StatusOfRecognitionAsync(client)));
            Assert.All(unary, status => Assert.Equal(StatusCode.OK, status.StatusCode));
            var streams = await Task.WhenAll(Enumerable.Range(0, limit).Select(_ => StatusOfStreamingRecognitionAsync(client)));
            Assert.All(streams, status => Assert.Equal(StatusCode.OK, status.StatusCode));
        }
    }

    private static async Task<Status> StatusOfSynthesisAsync(SpeechService.SpeechServiceClient client)
    {
        using var call = client.Synthesize(new SynthesizeRequest { Text = "Hi." }, cancellationToken: Token);
        return await StatusAsync(async () =>
        {
            while (await call.ResponseStream.MoveNext(Token))
            {
            }
        });
    }

    private static Task<Status> StatusOfRecognitionAsync(SpeechService.SpeechServiceClient client) => StatusAsync(() =>
        client.RecognizeAsync(new RecognizeRequest { Config = Linear16Config(), Audio = ByteString.CopyFrom(new byte[3_200]) }, cancellationToken: Token).ResponseAsync);

    private static async Task<Status> StatusOfStreamingRecognitionAsync(SpeechService.SpeechServiceClient client)
    {
        using var call = client.StreamingRecognize(cancellationToken: Token);
        return await StatusAsync(async () =>
        {
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = Linear16Config() }, Token);
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(new byte[3_200]) }, Token);
            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(Token))
            {
            }
        });
    }

    private static async Task<Status> StatusAsync(Func<Task> call)
    {
        try
        {
            await call();
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }
}
