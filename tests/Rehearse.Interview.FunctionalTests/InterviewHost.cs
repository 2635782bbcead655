using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>How a test client reaches the service.</summary>
public enum Transport
{
    /// <summary>Native gRPC over HTTP/2.</summary>
    Grpc,

    /// <summary>gRPC-Web over HTTP/1.1, as a browser does.</summary>
    GrpcWeb,
}

/// <summary>
/// One in-process Interview service on a given database, whose Speech client reaches the in-process Speech service
/// (through a switch that can take the Speech service "down" as a refused connection would).
/// </summary>
public sealed class InterviewHost(string connectionString, Func<HttpMessageHandler> speechHandler, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    private IHost? _host;

    /// <summary>A service whose Speech client reaches the shared in-process Speech service.</summary>
    public InterviewHost(string connectionString, SpeechServiceFixture speech, IReadOnlyDictionary<string, string?>? settings = null)
        : this(connectionString, speech.CreateSpeechHandler, settings)
    {
    }

    /// <summary>When true, calls to the Speech service fail as if nothing listened on its port.</summary>
    public bool SpeechDown { get; set; }

    /// <summary>
    /// A client of the Interview service for the user of <paramref name="apiKey"/>, calling from
    /// <paramref name="clientAddress"/> (by default the in-process server sees no address).
    /// </summary>
    public InterviewService.InterviewServiceClient Client(string apiKey, Transport transport = Transport.Grpc, IPAddress? clientAddress = null) =>
        new(Invoker(apiKey, transport, clientAddress));

    /// <summary>Calls to the Interview service for the user of <paramref name="apiKey"/>, for methods built by hand.</summary>
    public CallInvoker Invoker(string apiKey, Transport transport = Transport.Grpc, IPAddress? clientAddress = null)
    {
        HttpMessageHandler handler = clientAddress is null
            ? Server.CreateHandler()
            : Server.CreateHandler(context => context.Connection.RemoteIpAddress = clientAddress);
        if (transport == Transport.GrpcWeb)
        {
            handler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, handler);
        }
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = handler,
            HttpVersion = transport == Transport.GrpcWeb ? System.Net.HttpVersion.Version11 : System.Net.HttpVersion.Version20,
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
        return channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", apiKey);
            return metadata;
        });
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Interview", connectionString);
        builder.UseSetting("Interview:WaitForPlayback", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
            services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(new SpeechClientRouting(this, speechHandler)));
    }

    /// <inheritdoc />
    protected override IHost CreateHost(IHostBuilder builder)
    {
        _host = base.CreateHost(builder);
        return _host;
    }

    /// <summary>Stops the service the way a real shutdown does (hosted services stop and save), then disposes it.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(TestContext.Current.CancellationToken);
        }
        await base.DisposeAsync();
    }

    /// <summary>Routes the Speech client's HTTP traffic to the in-process Speech service.</summary>
    private sealed class SpeechClientRouting(InterviewHost host, Func<HttpMessageHandler> speechHandler) : IConfigureNamedOptions<HttpClientFactoryOptions>
    {
        public void Configure(string? name, HttpClientFactoryOptions options)
        {
            if (name?.Contains("SpeechServiceClient", StringComparison.Ordinal) == true)
            {
                options.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = new SwitchableHandler(host, speechHandler()));
            }
        }

        public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
    }

    private sealed class SwitchableHandler(InterviewHost host, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            host.SpeechDown
                ? throw new HttpRequestException("Connection refused (127.0.0.1:50051)", new System.Net.Sockets.SocketException(111))
                : base.SendAsync(request, cancellationToken);
    }
}
