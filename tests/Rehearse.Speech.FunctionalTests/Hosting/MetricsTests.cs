using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Rehearse.Speech.V1;
using Rehearse.Testing;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Hosting;

/// <summary>The Prometheus scrape endpoint after real calls: the Speech instruments are there with sane values.</summary>
public sealed class MetricsTests(SpeechServiceFixture service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_recognition_and_a_synthesis_the_scrape_has_their_instruments()
    {
        // The values are read from this service's own meters: the scrape also shows the same-named instruments of the
        // other services that tests host in this process.
        using var measurements = new HostMeasurements(service.Services.GetRequiredService<IMeterFactory>());
        var client = service.CreateSpeechClient();
        var audio = Linear16([.. new float[SampleRate / 2], .. SpokenAudio.Spoken("Tell me about yourself."), .. new float[SampleRate]]);
        var responses = await StreamAsync(client, Linear16Config(model: "moonshine-tiny"), audio, 3_200, cancellationToken: Ct);
        Assert.Single(Finals(responses));
        await Synthesis.SynthesisClient.SynthesizeAsync(client, "Thank you. Tell me about a system you designed.");

        // A final decoded at the end of speech: its latency is the endpointing silence plus a decode, well under seconds.
        var latencies = measurements.Values("rehearse.speech.recognition.final.latency");
        Assert.NotEmpty(latencies);
        Assert.All(latencies, latency => Assert.InRange(latency, 0, 10));
        // Both models decode faster than real time on the CPU (docs/performance.md); the bound leaves room for a busy machine.
        var factors = measurements.Values("rehearse.speech.recognition.real_time_factor", ("rehearse.speech.model", "moonshine-tiny"));
        Assert.NotEmpty(factors);
        Assert.All(factors, factor => Assert.InRange(factor, 0, 5));
        Assert.NotEmpty(measurements.Values("rehearse.speech.synthesis.time_to_first_audio"));
        var synthesisFactors = measurements.Values("rehearse.speech.synthesis.real_time_factor");
        Assert.True(synthesisFactors.Count >= 2, "two sentences, two measurements");
        Assert.All(synthesisFactors, factor => Assert.InRange(factor, 0, 5));

        // The scrape is checked for the gauges only: in this test process other services export instruments of the
        // same names, and the exporter keeps one of them, not necessarily this service's.
        var scrape = await ScrapeAsync();
        foreach (var gauge in new[] { "rehearse_speech_recognition_active", "rehearse_speech_recognition_decodes_running", "rehearse_speech_recognition_decodes_waiting", "rehearse_speech_synthesis_active" })
        {
            // Other tests' services in this process export instruments of the same names, so there may be several.
            var samples = scrape.Find(gauge);
            Assert.NotEmpty(samples);
            Assert.All(samples, sample => Assert.InRange(sample.Value, 0, 64));
        }
    }

    [Fact]
    public async Task A_refused_call_is_counted_by_method_and_reason()
    {
        // Read from this service's own meters: the scrape also shows the same-named instruments of the other
        // services that tests host in this process.
        using var measurements = new HostMeasurements(service.Services.GetRequiredService<IMeterFactory>());

        var error = await Assert.ThrowsAsync<RpcException>(() => Synthesis.SynthesisClient.SynthesizeAsync(service.CreateSpeechClient(), ""));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);

        Assert.Equal(1, measurements.Sum("rehearse.rpc.server.refusals",
            ("rpc.method", "/rehearse.speech.v1.SpeechService/Synthesize"), ("reason", "invalid_argument")));
    }

    [Fact]
    public async Task The_metrics_are_served_on_the_metrics_port_only()
    {
        using var otherPort = new HttpClient(service.Server.CreateHandler(context => context.Connection.LocalPort = 50051)) { BaseAddress = service.Server.BaseAddress };

        var response = await otherPort.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var scraper = new HttpClient(service.Server.CreateHandler(context => context.Connection.LocalPort = SpeechServiceFixture.MetricsPort))
        {
            BaseAddress = service.Server.BaseAddress,
        };
        var response = await scraper.GetAsync("/metrics", Ct);
        response.EnsureSuccessStatusCode();
        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync(Ct));
    }
}
