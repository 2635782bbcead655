using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Rehearse.Testing;

namespace Rehearse.ServiceDefaults.UnitTests;

/// <summary>The Prometheus scrape endpoint on a service's metrics port, listened on by Kestrel as configured.</summary>
public sealed class MetricsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_metrics_port_serves_the_scrape_and_the_grpc_port_does_not()
    {
        var (grpcPort, metricsPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        await using var app = BuildApp(grpcPort, metricsPort);
        await app.StartAsync(Ct);

        using var scraper = new HttpClient();
        var scrape = await scraper.GetAsync($"http://127.0.0.1:{metricsPort}/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("# TYPE", await scrape.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The gRPC port speaks HTTP/2 only; asked for /metrics there, the service has nothing.
        using var grpcPortClient = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var elsewhere = await grpcPortClient.GetAsync($"http://127.0.0.1:{grpcPort}/metrics", Ct);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task A_metrics_port_shared_with_another_port_stops_the_start_naming_it()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = BuildApp(50_999, 50_999);
            await app.StartAsync(Ct);
        });

        Assert.Contains("MetricsPort 50999 is also the service's GrpcPort or HttpPort", error.Message, StringComparison.Ordinal);
    }

    private static WebApplication BuildApp(int grpcPort, int metricsPort)
    {
        var builder = WebApplication.CreateBuilder([
            "--Endpoints:BindAddress=127.0.0.1",
            $"--Endpoints:GrpcPort={grpcPort}",
            $"--Endpoints:MetricsPort={metricsPort}",
        ]);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        return app;
    }
}
