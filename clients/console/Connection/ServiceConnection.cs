using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Rehearse.Console.Connection;

/// <summary>A gRPC channel to one service, named for error messages.</summary>
public sealed class ServiceConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    private ServiceConnection(string serviceName, Uri address, GrpcChannel channel, CallInvoker invoker)
    {
        ServiceName = serviceName;
        Address = address;
        _channel = channel;
        Invoker = invoker;
    }

    /// <summary>"Speech service" or "Interview service".</summary>
    public string ServiceName { get; }

    /// <summary>The service address.</summary>
    public Uri Address { get; }

    /// <summary>The call invoker for generated clients.</summary>
    public CallInvoker Invoker { get; }

    /// <summary>Opens a channel to the Speech service.</summary>
    public static ServiceConnection Speech(ClientSettings settings)
    {
        var channel = CreateChannel(settings.SpeechAddress);
        return new ServiceConnection("Speech service", settings.SpeechAddress, channel, channel.CreateCallInvoker());
    }

    /// <summary>Opens a channel to the Interview service; every call carries the API key.</summary>
    public static ServiceConnection Interview(ClientSettings settings)
    {
        var key = settings.ExplicitApiKey ?? ApiKeyStore.LoadOrCreate();
        var channel = CreateChannel(settings.InterviewAddress);
        var invoker = channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", key);
            return metadata;
        });
        return new ServiceConnection("Interview service", settings.InterviewAddress, channel, invoker);
    }

    private static GrpcChannel CreateChannel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            // A service that is down should fail fast (exit code 3), not wait for the call deadline.
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            EnableMultipleHttp2Connections = true,
        },
        // Reports and exported documents can be large; request sizes are limited by the services themselves.
        MaxReceiveMessageSize = 64 * 1024 * 1024,
        MaxSendMessageSize = null,
    });

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
