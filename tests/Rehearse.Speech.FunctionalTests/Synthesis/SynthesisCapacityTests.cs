using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.V1;
using static Rehearse.Speech.FunctionalTests.Synthesis.SynthesisClient;

namespace Rehearse.Speech.FunctionalTests.Synthesis;

/// <summary>Runs alone: these tests hold or count the engine's stream slots, which other tests would disturb.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class SynthesisCapacityCollection;

/// <summary>Overload and cancellation: slots are refused when full and freed at once when a client leaves.</summary>
[Collection(typeof(SynthesisCapacityCollection))]
public sealed class SynthesisCapacityTests(SpeechServiceFixture service)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SpeechSynthesizer Engine => service.Services.GetRequiredService<SpeechSynthesizer>();

    [Fact]
    public async Task A_full_service_answers_resource_exhausted_naming_the_option()
    {
        var held = new List<SynthesisStream>();
        try
        {
            while (Engine.ActiveStreams < Engine.Options.MaxConcurrentStreams)
            {
                held.Add(Engine.Open(new SynthesisSettings()));
            }
            var status = await StatusOfAsync(() => SynthesizeAsync(service.CreateSpeechClient(), "Hello."));
            Assert.Equal(StatusCode.ResourceExhausted, status.StatusCode);
            Assert.Contains("Speech:Synthesis:MaxConcurrentStreams", status.Detail, StringComparison.Ordinal);

            using var streaming = service.CreateSpeechClient().StreamingSynthesize(cancellationToken: Token);
            await streaming.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Config = new SynthesisConfig() }, Token);
            var streamingError = await Assert.ThrowsAsync<RpcException>(() => streaming.ResponseStream.MoveNext(Token));
            Assert.Equal(StatusCode.ResourceExhausted, streamingError.StatusCode);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
        var responses = await SynthesizeAsync(service.CreateSpeechClient(), "Hello again.");
        Assert.NotEmpty(responses);
    }

    [Fact]
    public async Task Back_to_back_rounds_of_exactly_the_limit_of_concurrent_calls_all_succeed()
    {
        // Each caller has its status only after its slot is back, so the next round never finds one still taken.
        var limit = Engine.Options.MaxConcurrentStreams;
        for (var round = 0; round < 10; round++)
        {
            var calls = Enumerable.Range(0, limit).Select(_ => SynthesizeAsync(service.CreateSpeechClient(), "Hi.")).ToList();
            var results = await Task.WhenAll(calls);
            Assert.All(results, Assert.NotEmpty);
        }
    }

    [Fact]
    public async Task A_client_that_cancels_mid_stream_stops_the_synthesis_at_once()
    {
        var text = string.Join(' ', Enumerable.Repeat("This long answer keeps the synthesizer busy with one sentence after another.", 30));
        var idle = Engine.ActiveStreams;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var firstSentence = Stopwatch.StartNew();
        using (var call = service.CreateSpeechClient().Synthesize(new SynthesizeRequest { Text = text }, cancellationToken: cancel.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(Token));
            firstSentence.Stop();
            Assert.Equal(idle + 1, Engine.ActiveStreams);
            await cancel.CancelAsync();
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));
            Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        }
        // The server's work ends with the call: its stream slot comes back once the sentence being synthesized is done,
        // not after the other 29. How long a sentence takes depends on the machine's load, so the bound is in
        // sentences, measured by the first one's time to its first chunk: three of them, far from thirty.
        var bound = firstSentence.Elapsed * 3 + TimeSpan.FromMilliseconds(300);
        var clock = Stopwatch.StartNew();
        while (Engine.ActiveStreams != idle && clock.Elapsed < bound * 3)
        {
            await Task.Delay(10, Token);
        }
        Assert.Equal(idle, Engine.ActiveStreams);
        Assert.True(clock.Elapsed < bound,
            $"slot freed after {clock.Elapsed.TotalMilliseconds:0} ms; the first sentence took {firstSentence.Elapsed.TotalMilliseconds:0} ms");
    }
}
