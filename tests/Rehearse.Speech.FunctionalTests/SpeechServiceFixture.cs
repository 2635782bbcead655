using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Rehearse.Speech.V1;
using Rehearse.Testing;

[assembly: AssemblyFixture(typeof(Rehearse.Speech.FunctionalTests.SpeechServiceFixture))]

namespace Rehearse.Speech.FunctionalTests;

/// <summary>
/// One in-process Speech service for the whole test assembly (the models load once), reached through a real gRPC
/// channel over the test server.
/// </summary>
public sealed class SpeechServiceFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The metrics port the service is configured with; the test server answers on it when a request's connection says so.</summary>
    public const int MetricsPort = 9464;

    private readonly Lazy<GrpcChannel> _channel;

    /// <summary>Creates the fixture; the host starts before the tests (<see cref="InitializeAsync"/>).</summary>
    public SpeechServiceFixture() =>
        _channel = new Lazy<GrpcChannel>(() => GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = Server.CreateHandler(),
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        }));

    /// <summary>The channel to the in-process service.</summary>
    public GrpcChannel Channel => _channel.Value;

    /// <summary>A client of the Speech service.</summary>
    public SpeechService.SpeechServiceClient CreateSpeechClient() => new(Channel);

    /// <summary>
    /// Starts the host before any test runs. Left to start on first use, tests of classes that run in parallel could
    /// each start one (the factory's lazy start is not thread-safe): calls would then reach one host while
    /// <c>Services</c> (its meters, its engines) belonged to another.
    /// </summary>
    public ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Speech:ModelsDirectory", TestPaths.ModelsDirectory);
        builder.UseSetting("Endpoints:MetricsPort", MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _channel.IsValueCreated)
        {
            _channel.Value.Dispose();
        }
        base.Dispose(disposing);
    }
}
