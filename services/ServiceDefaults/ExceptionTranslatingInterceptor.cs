using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// A server interceptor that replaces what a handler of any kind (unary or streaming) throws, so that a rule about
/// errors is written once rather than four times.
/// </summary>
public abstract class ExceptionTranslatingInterceptor : Interceptor
{
    /// <summary>What to throw instead of <paramref name="error"/>; null to let it through as it is.</summary>
    protected virtual Exception? Translate(Exception error) => null;

    /// <summary>What to throw instead of <paramref name="error"/>, knowing the call; null to let it through as it is.</summary>
    protected virtual Exception? Translate(Exception error, ServerCallContext context) => Translate(error);

    /// <summary>Runs after every call, however it ended (e.g. to adjust a status the handler set on the context).</summary>
    protected virtual void OnCompleted(ServerCallContext context)
    {
    }

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return GuardAsync(() => continuation(request, context), context);
    }

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return GuardAsync(() => continuation(requestStream, context), context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return GuardAsync(() => continuation(request, responseStream, context), context);
    }

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return GuardAsync(() => continuation(requestStream, responseStream, context), context);
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> call, ServerCallContext context)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception error) when (Translate(error, context) is { } translated)
        {
            throw translated;
        }
        finally
        {
            OnCompleted(context);
        }
    }

    private Task GuardAsync(Func<Task> call, ServerCallContext context) => GuardAsync(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    }, context);
}
