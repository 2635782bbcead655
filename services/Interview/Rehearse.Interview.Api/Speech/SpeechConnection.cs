using System.Net;
using Grpc.Core;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Rehearse.Speech.V1;

namespace Rehearse.Interview.Api.Speech;

/// <summary>The HTTP/2 connections of the Interview service's Speech client.</summary>
public static class SpeechConnection
{
    private static readonly TimeSpan ShortestPingInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often a balanced address is resolved again, so new instances get calls (failures resolve it at once).</summary>
    public static readonly TimeSpan ResolveInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The channel's service configuration. A call the Speech service refuses before answering anything is tried
    /// again, at most 3 times in all, after 0.1 s and then up to 1 s: UNAVAILABLE (an instance stopping or
    /// unreachable) always, and, with a balanced address, RESOURCE_EXHAUSTED (that instance is full; another may not
    /// be). Every Speech rpc qualifies: listing voices and synthesizing are idempotent, and a recognition or
    /// streamed synthesis is retried only while nothing of it has been answered (the client keeps up to 1 MiB of
    /// what it sent to replay). With a balanced address the channel round-robins calls over the instances it
    /// resolved that it can connect to.
    /// </summary>
    public static ServiceConfig CreateServiceConfig(SpeechClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = new RetryPolicy
        {
            MaxAttempts = 3,
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromSeconds(1),
            BackoffMultiplier = 2,
            RetryableStatusCodes = { StatusCode.Unavailable },
        };
        if (options.IsBalanced)
        {
            retry.RetryableStatusCodes.Add(StatusCode.ResourceExhausted);
        }
        var config = new ServiceConfig { MethodConfigs = { new MethodConfig { Names = { MethodName.Default }, RetryPolicy = retry } } };
        if (options.IsBalanced)
        {
            config.LoadBalancingConfigs.Add(new RoundRobinConfig());
        }
        return config;
    }

    /// <summary>The resolver of <c>dns:///</c> addresses, resolving again every <see cref="ResolveInterval"/>.</summary>
    public static DnsResolverFactory CreateDnsResolver() => new(ResolveInterval);

    /// <summary>The resolver of <c>ipv4:</c> addresses, a fixed list of instances (<see cref="SpeechClientOptions.Instances"/>).</summary>
    public static ResolverFactory CreateInstanceListResolver() => new InstanceListResolverFactory();

    /// <summary>
    /// The handler under the Speech client: one shared connection for the calls that send one request, and a
    /// connection of its own for each call that streams requests (a session's recognition or streamed synthesis).
    /// With a balanced address (<see cref="SpeechClientOptions.IsBalanced"/>), the channel picks the Speech instance
    /// of every call and the shared connection is one per instance; a streaming call's own connection goes to the
    /// instance picked for it.
    /// </summary>
    /// <remarks>
    /// <para>.NET's HTTP/2 client, when the Speech service ends a call while the request is still being sent, can
    /// reset the stream and then send more of it; the Speech service must close the connection for that, failing
    /// every call on it. On a connection of its own, such a call fails alone, not every session's speech.</para>
    /// <para>A Speech service that stops answering on a connection already open (a hung process, a host gone without
    /// a reset) would hold every call on it until the call's own deadline, which for an answer's recognition is
    /// minutes. HTTP/2 pings find it out: after half of <see cref="SpeechClientOptions.CallTimeout"/> without a frame
    /// from the server a ping goes out, and one unanswered for <see cref="SpeechClientOptions.CallTimeout"/> closes the
    /// connection, failing its calls with UNAVAILABLE.</para>
    /// </remarks>
    public static HttpMessageHandler CreateHandler(SpeechClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ConnectionPerStreamHandler(() => CreateConnection(options));
    }

    private static SocketsHttpHandler CreateConnection(SpeechClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // As the gRPC client does by default: more streams than one connection's limit open more connections.
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.CallTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            KeepAlivePingDelay = Max(options.CallTimeout / 2, ShortestPingInterval),
            KeepAlivePingTimeout = Max(options.CallTimeout, ShortestPingInterval),
        };
        if (options.HasTlsSettings)
        {
            options.ApplyTls(handler);
        }
        return handler;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <remarks>
    /// A delegating handler over the shared connection's <see cref="SocketsHttpHandler"/>: the gRPC channel balances
    /// only over a handler chain that ends in one (it connects it to the instance it picks). A streaming call's own
    /// connection is a plain one to the request's address, which the channel has already set to the picked instance.
    /// </remarks>
    private sealed class ConnectionPerStreamHandler(Func<SocketsHttpHandler> createConnection) : DelegatingHandler(createConnection())
    {
        // The paths of the rpcs whose requests are streams, from the contract.
        private static readonly HashSet<string> StreamingRequestPaths =
            [.. SpeechService.Descriptor.Methods.Where(m => m.IsClientStreaming).Select(m => $"/{SpeechService.Descriptor.FullName}/{m.Name}")];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is null || !StreamingRequestPaths.Contains(request.RequestUri.AbsolutePath))
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            var own = new HttpMessageInvoker(createConnection());
            try
            {
                var response = await own.SendAsync(request, cancellationToken).ConfigureAwait(false);
                // The connection closes when the call lets go of its response.
                response.Content = new ConnectionOwningContent(response.Content, own);
                return response;
            }
            catch
            {
                own.Dispose();
                throw;
            }
        }
    }

    private sealed class ConnectionOwningContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly HttpMessageInvoker _connection;

        public ConnectionOwningContent(HttpContent inner, HttpMessageInvoker connection)
        {
            (_inner, _connection) = (inner, connection);
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream, context);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _inner.CopyToAsync(stream, context, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _connection.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private sealed class InstanceListResolverFactory : ResolverFactory
    {
        public override string Name => SpeechClientOptions.InstanceListScheme;

        public override Resolver Create(ResolverOptions options) =>
            new StaticResolverFactory(address => SpeechClientOptions.Instances(address.ToString())!.Select(e => new BalancerAddress(e.Address.ToString(), e.Port)))
                .Create(options);
    }
}
