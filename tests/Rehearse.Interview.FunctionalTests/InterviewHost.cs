using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
    private Uri? _socketAddress;

    /// <summary>
    /// Every log entry the service wrote, at whatever level its configuration lets through: the category, the
    /// formatted message, each structured value, each scope and the exception.
    /// </summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>A service whose Speech client reaches the shared in-process Speech service.</summary>
    public InterviewHost(string connectionString, SpeechServiceFixture speech, IReadOnlyDictionary<string, string?>? settings = null)
        : this(connectionString, speech.CreateSpeechHandler, settings)
    {
    }

    /// <summary>More service registrations, applied after the service's own (a test's telemetry exporter, say).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>When true, calls to the Speech service fail as if nothing listened on its port.</summary>
    public bool SpeechDown { get; set; }

    /// <summary>The port of the service's Orleans silo (a free one of 127.0.0.1).</summary>
    public int SiloPort { get; } = Rehearse.Testing.LoopbackPorts.Free();

    /// <summary>The in-process code runner the service's code runner client reaches; null for none.</summary>
    public CodeRunnerServiceFixture? CodeRunner { get; init; }

    /// <summary>When true, calls to the code runner fail as if nothing listened on its port.</summary>
    public bool CodeRunnerDown { get; set; }

    /// <summary>
    /// A client of the Interview service for the user of <paramref name="apiKey"/>, calling from
    /// <paramref name="clientAddress"/> (by default the in-process server sees no address).
    /// </summary>
    public InterviewService.InterviewServiceClient Client(string apiKey, Transport transport = Transport.Grpc, IPAddress? clientAddress = null) =>
        new(Invoker(apiKey, transport, clientAddress));

    /// <summary>
    /// Starts the service on Kestrel, on a free port of 127.0.0.1 (cleartext HTTP/2), as a deployed service is reached;
    /// then <see cref="SocketClient"/> reaches it there. Call before any other use of the host.
    /// </summary>
    public void StartOnSocket()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        _socketAddress = new Uri("http://127.0.0.1:0");
        StartServer();
        _socketAddress = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    /// <summary>
    /// A client over one HTTP/2 connection to the service started by <see cref="StartOnSocket"/>, for the user of
    /// <paramref name="apiKey"/>, on a new channel or on <paramref name="channel"/>; the channel is the caller's to dispose.
    /// </summary>
    public (InterviewService.InterviewServiceClient Client, GrpcChannel Channel) SocketClient(string apiKey, GrpcChannel? channel = null)
    {
        channel ??= GrpcChannel.ForAddress(_socketAddress ?? throw new InvalidOperationException("Call StartOnSocket first."),
            new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        return (new InterviewService.InterviewServiceClient(channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", apiKey);
            return metadata;
        })), channel);
    }

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
        // A silo of its own on loopback (a cluster of its own unless the test's settings name a shared one).
        builder.UseSetting("Orleans:ClusterId", "test-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("Orleans:SiloPort", SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:AdvertisedAddress", "127.0.0.1");
        builder.UseSetting("Orleans:ListenAddress", "127.0.0.1");
        if (_socketAddress is not null)
        {
            // Explicit URLs make the service skip its configured ports; Kestrel's own listener replaces them.
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, _socketAddress.ToString());
        }
        if (CodeRunner is not null)
        {
            // Any address: the client's traffic is routed to the in-process runner.
            builder.UseSetting("CodeRunner:Address", "http://127.0.0.1:50061");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(new SpeechClientRouting(this, speechHandler));
            ConfigureServices?.Invoke(services);
        });
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

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = new System.Text.StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        entry.Append($" | {key}={value}");
                    }
                }
                provider._scopes.ForEachScope((scope, text) => text.Append($" | scope {scope}"), entry);
                if (exception is not null)
                {
                    entry.Append($" | {exception}");
                }
                provider.Logs.Enqueue(entry.ToString());
            }
        }

        private ConcurrentQueue<string> Logs => logs;
    }

    /// <summary>Routes the Speech and code runner clients' HTTP traffic to the in-process services.</summary>
    private sealed class SpeechClientRouting(InterviewHost host, Func<HttpMessageHandler> speechHandler) : IConfigureNamedOptions<HttpClientFactoryOptions>
    {
        public void Configure(string? name, HttpClientFactoryOptions options)
        {
            if (name?.Contains("SpeechServiceClient", StringComparison.Ordinal) == true)
            {
                options.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = new SwitchableHandler(() => host.SpeechDown, speechHandler()));
            }
            else if (name?.Contains("CodeRunnerServiceClient", StringComparison.Ordinal) == true && host.CodeRunner is { } runner)
            {
                options.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = new SwitchableHandler(() => host.CodeRunnerDown, runner.CreateRunnerHandler()));
            }
        }

        public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
    }

    private sealed class SwitchableHandler(Func<bool> down, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            down()
                ? throw new HttpRequestException($"Connection refused ({request.RequestUri?.Authority})", new System.Net.Sockets.SocketException(111))
                : base.SendAsync(request, cancellationToken);
    }
}
