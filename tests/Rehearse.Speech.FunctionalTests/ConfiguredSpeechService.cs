using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.FunctionalTests;

/// <summary>How a test reaches a configured service.</summary>
public enum SpeechTransport
{
    /// <summary>The in-process test server (no sockets, no HTTP/2 framing).</summary>
    InProcess,

    /// <summary>Kestrel on a free port of 127.0.0.1, cleartext HTTP/2, as a deployed service is reached.</summary>
    Socket,
}

/// <summary>A second in-process Speech service with its own settings, for tests of limits the shared one does not have.</summary>
public abstract class ConfiguredSpeechService : IDisposable
{
    private readonly WebApplicationFactory<Program> _host;

    /// <summary>Starts the service from <paramref name="service"/>'s set-up with <paramref name="settings"/> on top.</summary>
    protected ConfiguredSpeechService(SpeechServiceFixture service, IReadOnlyDictionary<string, string> settings, SpeechTransport transport = SpeechTransport.InProcess)
    {
        _host = service.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            if (transport == SpeechTransport.Socket)
            {
                // Explicit URLs make the service skip its configured ports; Kestrel's own listener below replaces them.
                builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            }
        });
        if (transport == SpeechTransport.Socket)
        {
            _host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
            _host.StartServer();
            Address = new Uri(_host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
            Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        }
        else
        {
            Address = _host.Server.BaseAddress;
            Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
            {
                HttpHandler = _host.Server.CreateHandler(),
                MaxReceiveMessageSize = null,
                MaxSendMessageSize = null,
            });
        }
    }

    /// <summary>Where the service listens.</summary>
    public Uri Address { get; }

    /// <summary>The channel to the service (one HTTP/2 connection over a socket).</summary>
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
