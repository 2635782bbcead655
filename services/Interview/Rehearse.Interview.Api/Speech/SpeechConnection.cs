using System.Net;
using Rehearse.Speech.V1;

namespace Rehearse.Interview.Api.Speech;

/// <summary>The HTTP/2 connections of the Interview service's Speech client.</summary>
public static class SpeechConnection
{
    private static readonly TimeSpan ShortestPingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The handler under the Speech client: one shared connection for the calls that send one request, and a
    /// connection of its own for each call that streams requests (a session's recognition or streamed synthesis).
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

    private sealed class ConnectionPerStreamHandler(Func<SocketsHttpHandler> createConnection) : HttpMessageHandler
    {
        // The paths of the rpcs whose requests are streams, from the contract.
        private static readonly HashSet<string> StreamingRequestPaths =
            [.. SpeechService.Descriptor.Methods.Where(m => m.IsClientStreaming).Select(m => $"/{SpeechService.Descriptor.FullName}/{m.Name}")];

        private readonly HttpMessageInvoker _shared = new(createConnection());

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is null || !StreamingRequestPaths.Contains(request.RequestUri.AbsolutePath))
            {
                return await _shared.SendAsync(request, cancellationToken).ConfigureAwait(false);
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

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _shared.Dispose();
            }
            base.Dispose(disposing);
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
}
