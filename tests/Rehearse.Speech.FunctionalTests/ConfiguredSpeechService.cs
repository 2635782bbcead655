using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.FunctionalTests;

/// <summary>A second in-process Speech service with its own settings, for tests of limits the shared one does not have.</summary>
public abstract class ConfiguredSpeechService : IDisposable
{
    private readonly WebApplicationFactory<Program> _host;

    /// <summary>Starts the service from <paramref name="service"/>'s set-up with <paramref name="settings"/> on top.</summary>
    protected ConfiguredSpeechService(SpeechServiceFixture service, IReadOnlyDictionary<string, string> settings)
    {
        _host = service.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        Channel = GrpcChannel.ForAddress(_host.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = _host.Server.CreateHandler(),
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
    }

    /// <summary>The channel to the service.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The service's own services (its engines).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>A client of the service.</summary>
    public SpeechService.SpeechServiceClient CreateSpeechClient() => new(Channel);

    /// <inheritdoc />
    public void Dispose()
    {
        Channel.Dispose();
        _host.Dispose();
        GC.SuppressFinalize(this);
    }
}
