using Rehearse.Testing;
using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.V1;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Recognition;

/// <summary>A service configured with small limits: one call at a time, 4 s of audio per call.</summary>
public sealed class LimitedSpeechService(SpeechServiceFixture service) : ConfiguredSpeechService(service, new Dictionary<string, string>
{
    ["Speech:Recognition:MaxConcurrentRecognitions"] = "1",
    ["Speech:Recognition:MaxAudioDuration"] = "00:00:04",
    ["Speech:Recognition:PreloadModels"] = "moonshine-tiny",
    ["Speech:Recognition:DefaultModel"] = "moonshine-tiny",
})
{
    public SpeechRecognitionEngine Engine => Services.GetRequiredService<SpeechRecognitionEngine>();
}

/// <summary>Capacity, duration and cancellation (deadlines: <see cref="RecognitionDeadlineTests"/>).</summary>
public sealed class RecognitionLimitsTests(LimitedSpeechService service) : IClassFixture<LimitedSpeechService>
{
    private static readonly string[] Sentences = ["Tell me about yourself.", "My name is John Smith.", "Thank you for your time."];
    private static readonly Lazy<byte[]> ThreeSentences = new(() => Linear16(SpokenAudio.SentencesWithPauses(TimeSpan.FromSeconds(1), Sentences)));

    [Fact]
    public async Task A_stream_past_the_maximum_duration_ends_OUT_OF_RANGE_after_the_finals_before_the_limit()
    {
        var (error, responses) = await StreamExpectingErrorAsync(service.CreateSpeechClient(),
            [
                new StreamingRecognizeRequest { Config = Linear16Config() },
                .. ThreeSentences.Value.Chunk(3_200).Select(chunk => new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(chunk) }),
            ], TestContext.Current.CancellationToken);

        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        Assert.Contains("more than 4 s of audio", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Speech:Recognition:MaxAudioDuration", error.Status.Detail, StringComparison.Ordinal);
        // The first sentence ends before 4 s; the second is cut by the limit and decoded as far as it went.
        Assert.Equal("Tell me about yourself.", Finals(responses)[0].Transcript);
    }

    [Fact]
    public async Task A_recording_over_the_maximum_duration_is_refused_OUT_OF_RANGE()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => service.CreateSpeechClient().RecognizeAsync(
            new RecognizeRequest { Config = Linear16Config(), Audio = ByteString.CopyFrom(ThreeSentences.Value) },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        Assert.Contains("over the limit of 4 s", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_over_the_capacity_is_refused_at_once_and_the_place_frees_when_the_first_ends()
    {
        var client = service.CreateSpeechClient();
        using var first = client.StreamingRecognize(cancellationToken: TestContext.Current.CancellationToken);
        await first.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = Linear16Config() }, TestContext.Current.CancellationToken);
        await first.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(new byte[3_200]) }, TestContext.Current.CancellationToken);
        await WaitUntil(() => service.Engine.Admission.Active == 1);

        var started = Stopwatch.StartNew();
        var (error, _) = await StreamExpectingErrorAsync(client,
            [new StreamingRecognizeRequest { Config = Linear16Config() }], TestContext.Current.CancellationToken);
        var unaryError = await Assert.ThrowsAsync<RpcException>(() => client.RecognizeAsync(
            new RecognizeRequest { Config = Linear16Config(), Audio = ByteString.CopyFrom(new byte[3_200]) }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"refusing took {started.Elapsed}");
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, unaryError.StatusCode);
        Assert.Contains("Speech:Recognition:MaxConcurrentRecognitions", error.Status.Detail, StringComparison.Ordinal);

        await first.RequestStream.CompleteAsync();
        while (await first.ResponseStream.MoveNext(TestContext.Current.CancellationToken))
        {
        }
        var after = await client.RecognizeAsync(new RecognizeRequest { Config = Linear16Config(), Audio = ByteString.CopyFrom(new byte[3_200]) },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(after.Results);
    }

    [Fact]
    public async Task A_client_that_cancels_stops_all_work_for_its_stream()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var call = service.CreateSpeechClient().StreamingRecognize(cancellationToken: cancellation.Token);
        await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = Linear16Config() }, TestContext.Current.CancellationToken);
        await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(ThreeSentences.Value[..64_000]) }, TestContext.Current.CancellationToken);
        await WaitUntil(() => service.Engine.Admission.Active == 1);

        await cancellation.CancelAsync();
        call.Dispose();

        await WaitUntil(() => service.Engine.Admission.Active == 0 && service.Engine.Decodes.FreeSlots == 2);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "the condition did not hold within 5 s");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
