using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;

namespace Rehearse.Testing.Fuzzing;

/// <summary>
/// The connections of a fuzz run to one service: a shared connection that the calls sending one request message take,
/// as a real client's calls do (so a call that hurts its neighbours shows), and a connection of its own for each call
/// that streams requests or sends a message larger than one HTTP/2 frame.
/// </summary>
/// <remarks>
/// .NET's HTTP/2 client, when a call ends (the server's status arrives) while it is still sending the request, can
/// reset the stream and then send more of the request. A server must treat a frame after a reset as a protocol error,
/// and Kestrel closes the whole connection for it (STREAM_CLOSED), failing every call on it. That is the client's
/// fault, not the service's; on a connection of its own such a call cannot fail the run's other calls.
/// </remarks>
/// <param name="address">The service.</param>
/// <param name="prepare">Adds what every fuzzed call carries (an API key, say) to an invoker.</param>
public sealed class FuzzChannels(Uri address, Func<CallInvoker, CallInvoker>? prepare = null) : IDisposable
{
    /// <summary>The largest DATA frame payload an HTTP/2 peer accepts unless it announces more (RFC 9113).</summary>
    public const int DefaultMaxFrameBytes = 16_384;

    // gRPC's length prefix: a compression flag and four bytes of length.
    private const int GrpcMessagePrefixBytes = 5;

    /// <summary>The shared connection, without what <c>prepare</c> adds (for health checks and set-up calls).</summary>
    public GrpcChannel Shared { get; } = Open(address);

    /// <summary>Fuzzed calls on the shared connection.</summary>
    public CallInvoker SharedInvoker => Prepare(Shared);

    /// <summary>Whether a call of <paramref name="method"/> that sends <paramref name="messages"/> takes a connection of its own.</summary>
    public static bool NeedsOwnConnection(MethodDescriptor method, IEnumerable<byte[]> messages) =>
        method.IsClientStreaming || messages.Any(message => message.Length + GrpcMessagePrefixBytes > DefaultMaxFrameBytes);

    /// <summary>A new connection for one call, and what to dispose when the call has ended.</summary>
    public (CallInvoker Invoker, IDisposable Connection) OpenOwn()
    {
        var channel = Open(address);
        return (Prepare(channel), channel);
    }

    /// <summary>A channel to <paramref name="service"/> that sends and receives messages of any size.</summary>
    public static GrpcChannel Open(Uri service) =>
        GrpcChannel.ForAddress(service, new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });

    public void Dispose() => Shared.Dispose();

    private CallInvoker Prepare(GrpcChannel channel) => prepare is null ? channel.CreateCallInvoker() : prepare(channel.CreateCallInvoker());
}
