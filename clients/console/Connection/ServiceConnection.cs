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

    /// <summary>The Speech service's <see cref="ServiceName"/>.</summary>
    public const string SpeechServiceName = "Speech service";

    /// <summary>"Speech service" or "Interview service".</summary>
    public string ServiceName { get; }

    /// <summary>The service address.</summary>
    public Uri Address { get; }

    /// <summary>The call invoker for generated clients.</summary>
    public CallInvoker Invoker { get; }

    /// <summary>Opens a channel to the Speech service; every call carries the Speech key, if one was given.</summary>
    public static ServiceConnection Speech(ClientSettings settings)
    {
        var channel = CreateChannel(settings.SpeechAddress);
        var invoker = settings.SpeechKey is null ? channel.CreateCallInvoker() : WithKey(channel, settings.SpeechKey);
        return new ServiceConnection(SpeechServiceName, settings.SpeechAddress, channel, invoker);
    }

    /// <summary>Opens a channel to the Interview service; every call carries the API key.</summary>
    public static ServiceConnection Interview(ClientSettings settings)
    {
        var channel = CreateChannel(settings.InterviewAddress);
        return new ServiceConnection("Interview service", settings.InterviewAddress, channel,
            WithKey(channel, settings.ExplicitApiKey ?? ApiKeyStore.LoadOrCreate()));
    }

    private static CallInvoker WithKey(GrpcChannel channel, string key) => channel.Intercept(metadata =>
    {
        metadata.Add("x-api-key", key);
        return metadata;
    });

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
