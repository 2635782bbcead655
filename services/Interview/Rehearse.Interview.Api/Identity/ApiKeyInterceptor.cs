using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Rehearse.Interview.Api.Identity;

/// <summary>
/// Identifies the caller of every Interview rpc: by the sign-in cookie of a page call when sign-in is required
/// (see <see cref="SignIn"/>), otherwise by its API key (see <see cref="ApiKey"/>).
/// </summary>
public sealed class ApiKeyInterceptor(UserDirectory users, IOptions<IdentityOptions> options) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await IdentifyAsync(context);
        return await continuation(request, context);
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await IdentifyAsync(context);
        await continuation(request, responseStream, context);
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await IdentifyAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await IdentifyAsync(context);
        return await continuation(requestStream, context);
    }

    private async Task IdentifyAsync(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (SignIn.SignedInUser(http) is { } signedIn)
        {
            CallerIdentity.Set(context, signedIn);
            return;
        }
        if (options.Value.OpenIdConnect.Enabled && http.Request.Headers.ContainsKey(SignIn.PageHeader)
            && !context.RequestHeaders.Any(h => h.Key is ApiKey.HeaderName or "authorization"))
        {
            // The page's sign-in cookie is missing or expired: tell the person what to do, not how keys are sent.
            throw new RpcException(new Status(StatusCode.Unauthenticated, "You are not signed in, or your sign-in has expired: reload the page to sign in."));
        }
        var key = ApiKey.FromHeaders(context.RequestHeaders);
        var userId = await users.ResolveAsync(key, http.Connection.RemoteIpAddress, context.CancellationToken);
        CallerIdentity.Set(context, userId);
    }
}
