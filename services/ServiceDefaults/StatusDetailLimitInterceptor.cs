using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// Keeps every status message a service sends within <see cref="MaxDetailCharacters"/>. The message travels in the
/// <c>grpc-message</c> trailer, percent-encoded: one that repeats a large request field can pass the peer's HTTP/2
/// header limit (commonly 64 KiB or less), and the peer then resets the whole connection, failing every other call
/// on it. Messages are meant to name a field and a limit, so a longer one is cut and marked with an ellipsis.
/// </summary>
public sealed class StatusDetailLimitInterceptor : Interceptor
{
    /// <summary>Longest status message sent, in UTF-16 characters (at most about 9 KiB once percent-encoded).</summary>
    public const int MaxDetailCharacters = 1024;

    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RpcException error) when (Shortened(error) is { } shortened)
        {
            throw shortened;
        }
        finally
        {
            ShortenStatus(context);
        }
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (RpcException error) when (Shortened(error) is { } shortened)
        {
            throw shortened;
        }
        finally
        {
            ShortenStatus(context);
        }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (RpcException error) when (Shortened(error) is { } shortened)
        {
            throw shortened;
        }
        finally
        {
            ShortenStatus(context);
        }
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (RpcException error) when (Shortened(error) is { } shortened)
        {
            throw shortened;
        }
        finally
        {
            ShortenStatus(context);
        }
    }

    private static RpcException? Shortened(RpcException error) =>
        error.Status.Detail.Length <= MaxDetailCharacters
            ? null
            : new RpcException(new Status(error.StatusCode, Shorten(error.Status.Detail), error.Status.DebugException), error.Trailers);

    // A handler may also set the status on the context instead of throwing.
    private static void ShortenStatus(ServerCallContext context)
    {
        if (context.Status.Detail is { Length: > MaxDetailCharacters } detail)
        {
            context.Status = new Status(context.Status.StatusCode, Shorten(detail), context.Status.DebugException);
        }
    }

    private static string Shorten(string detail)
    {
        var keep = MaxDetailCharacters - 1;
        if (char.IsHighSurrogate(detail[keep - 1]))
        {
            keep--;
        }
        return string.Concat(detail.AsSpan(0, keep), "…");
    }
}
