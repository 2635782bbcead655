namespace Rehearse.Interview.Api.Speech;

/// <summary>The HTTP/2 connections of the Interview service's Speech client.</summary>
public static class SpeechConnection
{
    private static readonly TimeSpan ShortestPingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The handler under the Speech client. A Speech service that stops answering on a connection already open (a
    /// hung process, a host gone without a reset) would hold every call on it until the call's own deadline, which
    /// for an answer's recognition is minutes, with the answer's audio vanishing meanwhile. HTTP/2 pings find it
    /// out: after half of <see cref="SpeechClientOptions.CallTimeout"/> without a frame from the server a ping goes
    /// out, and one unanswered for <see cref="SpeechClientOptions.CallTimeout"/> closes the connection, failing its
    /// calls with UNAVAILABLE.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(SpeechClientOptions options) => new()
    {
        // As the gRPC client does by default: more streams than one connection's limit open more connections.
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = options.CallTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        KeepAlivePingDelay = Max(options.CallTimeout / 2, ShortestPingInterval),
        KeepAlivePingTimeout = Max(options.CallTimeout, ShortestPingInterval),
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
