using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Rehearse.Speech.Api.Access;

/// <summary>
/// Refuses calls to the Speech rpcs without one of the configured keys (<see cref="SpeechAccessOptions.ApiKeys"/>)
/// in the <c>x-api-key</c> header, with UNAUTHENTICATED. Health checks and reflection are other services and stay open.
/// </summary>
public sealed class ApiKeyInterceptor(IOptions<SpeechAccessOptions> options) : Interceptor
{
    /// <summary>The metadata header that carries a key.</summary>
    public const string HeaderName = "x-api-key";

    // Hashes, so comparing a presented key takes the same time whatever it shares with a configured one.
    private readonly byte[][] _keyHashes = [.. options.Value.ApiKeys.Select(Hash)];

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, context);
    }

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        if (_keyHashes.Length == 0)
        {
            return;
        }
        var key = context.RequestHeaders.GetValue(HeaderName);
        if (string.IsNullOrEmpty(key))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"The Speech service needs an API key: send it in the '{HeaderName}' metadata header."));
        }
        var presented = Hash(key);
        var known = false;
        foreach (var hash in _keyHashes)
        {
            known |= CryptographicOperations.FixedTimeEquals(hash, presented);
        }
        if (!known)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"The API key in '{HeaderName}' is not one the Speech service accepts."));
        }
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
