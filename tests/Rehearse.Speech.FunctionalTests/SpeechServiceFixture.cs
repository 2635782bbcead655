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
public sealed class SpeechServiceFixture : WebApplicationFactory<Program>
{
    private readonly Lazy<GrpcChannel> _channel;

    /// <summary>Creates the fixture; the host starts on first use.</summary>
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

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Speech:ModelsDirectory", TestPaths.ModelsDirectory);
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
