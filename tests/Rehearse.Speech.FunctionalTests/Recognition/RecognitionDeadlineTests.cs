using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.V1;
using Rehearse.Testing;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Recognition;

/// <summary>A service taking one recognition at a time, reached over a socket as a deployed service is.</summary>
public sealed class LimitedSocketSpeechService(SpeechServiceFixture service) : ConfiguredSpeechService(service, new Dictionary<string, string>
{
    ["Speech:Recognition:MaxConcurrentRecognitions"] = "1",
    ["Speech:Recognition:PreloadModels"] = "moonshine-tiny",
    ["Speech:Recognition:DefaultModel"] = "moonshine-tiny",
}, SpeechTransport.Socket)
{
    public SpeechRecognitionEngine Engine => Services.GetRequiredService<SpeechRecognitionEngine>();
}

/// <summary>
/// A call whose deadline passes ends DEADLINE_EXCEEDED on both sides, whatever the service was doing at the time
/// (reading the request, decoding, streaming), and gives its place and decoders back. The client reports its own
/// deadline as DEADLINE_EXCEEDED in any case, so the service's status is read from its side.
/// </summary>
public sealed class RecognitionDeadlineTests(LimitedSocketSpeechService service) : IClassFixture<LimitedSocketSpeechService>
{
    private const string Recognize = "/rehearse.speech.v1.SpeechService/Recognize";
    private const string StreamingRecognize = "/rehearse.speech.v1.SpeechService/StreamingRecognize";
    private const string DeadlineExceeded = "4";
    private static readonly string[] Sentences = ["Tell me about yourself.", "My name is John Smith.", "Thank you for your time."];
    // Half a minute of speech, which takes far longer to decode than the deadlines here.
    private static readonly Lazy<byte[]> Speech = new(() =>
        Linear16(SpokenAudio.SentencesWithPauses(TimeSpan.FromSeconds(1), [.. Sentences, .. Sentences, .. Sentences, .. Sentences])));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deadline_that_passes_while_decoding_ends_the_call_DEADLINE_EXCEEDED_and_frees_the_decoders()
    {
        var audio = ByteString.CopyFrom(Speech.Value);
        var client = service.CreateSpeechClient();
        // The connection is opened first, so the short deadline is spent by the service, not by connecting.
        await client.ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token);
        using var statuses = new ServerCallStatuses();
        var started = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => client.RecognizeAsync(
            new RecognizeRequest { Config = Linear16Config(), Audio = audio },
            deadline: DateTime.UtcNow.AddMilliseconds(500), cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        // Decoding it all would take many seconds on a busy machine.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"the call took {started.Elapsed}");
        Assert.Equal([DeadlineExceeded], await statuses.WaitForAsync(Recognize));
        await WaitUntilFreeAsync();
    }

    [Fact]
    public async Task A_deadline_that_passes_mid_stream_ends_the_call_DEADLINE_EXCEEDED_and_frees_the_decoders()
    {
        var client = service.CreateSpeechClient();
        await client.ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token);
        using var statuses = new ServerCallStatuses();
        using var call = client.StreamingRecognize(deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: Token);
        var reading = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(Token))
            {
            }
        }, Token);
        var sending = Task.Run(async () =>
        {
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = Linear16Config() }, Token);
            // Speech in real time, so the stream is being received and decoded when the deadline passes.
            foreach (var chunk in Speech.Value.Chunk(3_200))
            {
                await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(chunk) }, Token);
                await Task.Delay(100, Token);
            }
        }, Token);

        var error = await Assert.ThrowsAsync<RpcException>(() => reading);
        await sending.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal([DeadlineExceeded], await statuses.WaitForAsync(StreamingRecognize));
        await WaitUntilFreeAsync();
    }

    [Fact]
    public async Task A_deadline_that_passes_while_the_request_is_still_arriving_ends_the_call_DEADLINE_EXCEEDED()
    {
        using var statuses = new ServerCallStatuses();
        // gRPC reads a unary request whole before the service sees it: one that stops half-way keeps that read waiting.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service.Address, Recognize))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new HalfSentMessage(),
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.Add("grpc-timeout", "300m");

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
            await response.Content.CopyToAsync(Stream.Null, Token);
        }
        catch (HttpRequestException)
        {
            // The service resets the stream after its status; the client may see the reset first.
        }

        Assert.Equal([DeadlineExceeded], await statuses.WaitForAsync(Recognize));
        Assert.Equal(0, service.Engine.Admission.Active);
    }

    private async Task WaitUntilFreeAsync()
    {
        var waited = Stopwatch.StartNew();
        while (!(service.Engine.Admission.Active == 0 && service.Engine.Decodes.FreeSlots == 2))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "the place and the decoders were not given back within 5 s");
            await Task.Delay(10, Token);
        }
    }

    /// <summary>The first bytes of a gRPC message announced as 1,000 bytes long, then nothing for 10 s.</summary>
    private sealed class HalfSentMessage : HttpContent
    {
        public HalfSentMessage() => Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var prefix = new byte[15];
            BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), 1_000);
            await stream.WriteAsync(prefix, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
