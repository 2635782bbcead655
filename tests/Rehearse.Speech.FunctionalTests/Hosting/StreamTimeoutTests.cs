using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.V1;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Hosting;

/// <summary>A service whose streams give up on a silent or unread client after one second.</summary>
public sealed class ShortTimeoutSpeechService(SpeechServiceFixture service) : ConfiguredSpeechService(service, new Dictionary<string, string>
{
    ["Speech:Recognition:IdleTimeout"] = "00:00:01",
    ["Speech:Recognition:PreloadModels"] = "moonshine-tiny",
    ["Speech:Recognition:DefaultModel"] = "moonshine-tiny",
    ["Speech:Synthesis:WriteTimeout"] = "00:00:01",
    ["Speech:Synthesis:MaxConcurrentStreams"] = "2",
});

/// <summary>A client that stops sending, or stops reading, cannot keep a recognition place or a synthesis slot.</summary>
public sealed class StreamTimeoutTests(ShortTimeoutSpeechService service) : IClassFixture<ShortTimeoutSpeechService>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stream_that_stops_sending_audio_ends_DEADLINE_EXCEEDED_and_gives_its_place_back()
    {
        var admission = service.Services.GetRequiredService<SpeechRecognitionEngine>().Admission;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Token);
        patience.CancelAfter(TimeSpan.FromSeconds(20));
        using var call = service.CreateSpeechClient().StreamingRecognize(cancellationToken: patience.Token);
        await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Config = Linear16Config() }, patience.Token);
        // 10 ms of audio, then nothing, without closing the stream.
        await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = ByteString.CopyFrom(new byte[320]) }, patience.Token);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(patience.Token))
            {
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal("audio: none arrived for 1 s (Speech:Recognition:IdleTimeout); the stream was ended.", error.Status.Detail);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => admission.Active == 0);
        Assert.Equal(0, admission.Active);
    }

    [Fact]
    public async Task Synthesize_calls_that_are_never_read_give_their_slots_back_after_the_write_timeout()
    {
        var engine = service.Services.GetRequiredService<SpeechSynthesizer>();
        var text = string.Join(' ', Enumerable.Repeat("This long answer keeps the synthesizer busy with one sentence after another.", 60));
        var client = service.CreateSpeechClient();
        var unread = Enumerable.Range(0, engine.Options.MaxConcurrentStreams)
            .Select(_ => client.Synthesize(new SynthesizeRequest { Text = text }, cancellationToken: Token))
            .ToList();
        try
        {
            await WaitUntilAsync(() => engine.ActiveStreams == engine.Options.MaxConcurrentStreams);
            Assert.Equal(engine.Options.MaxConcurrentStreams, engine.ActiveStreams);

            // Nobody reads: each call's synthesis stops when its audio is not taken within the write timeout.
            await WaitUntilAsync(() => engine.ActiveStreams == 0);
            Assert.Equal(0, engine.ActiveStreams);

            var responses = await Synthesis.SynthesisClient.SynthesizeAsync(client, "Hello again.");
            Assert.NotEmpty(responses);
        }
        finally
        {
            unread.ForEach(call => call.Dispose());
        }
    }

    [Fact]
    public async Task An_unread_Synthesize_call_that_is_cancelled_gives_its_slot_back_at_once()
    {
        var engine = service.Services.GetRequiredService<SpeechSynthesizer>();
        var text = string.Join(' ', Enumerable.Repeat("This long answer keeps the synthesizer busy with one sentence after another.", 60));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        using var call = service.CreateSpeechClient().Synthesize(new SynthesizeRequest { Text = text }, cancellationToken: cancel.Token);
        await WaitUntilAsync(() => engine.ActiveStreams == 1);

        await cancel.CancelAsync();
        var clock = Stopwatch.StartNew();
        await WaitUntilAsync(() => engine.ActiveStreams == 0);

        Assert.Equal(0, engine.ActiveStreams);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(0.9), $"slot freed after {clock.Elapsed.TotalMilliseconds:0} ms, before any write timeout");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20, Token);
        }
    }
}
