using Grpc.Core;
using Grpc.Core.Interceptors;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Storage;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>
/// Turns the conversation engine's refusals into gRPC statuses: not found → NOT_FOUND, an invalid field →
/// INVALID_ARGUMENT, the wrong state → FAILED_PRECONDITION, too many sessions running → RESOURCE_EXHAUSTED, speech or storage unavailable → UNAVAILABLE, and a
/// fault of the session → INTERNAL. The engine's messages are written for the caller and are passed on.
/// </summary>
internal sealed class SessionErrorInterceptor : Interceptor
{
    public static RpcException ToRpc(Exception error) => error switch
    {
        SessionNotFoundException e => new RpcException(new Status(StatusCode.NotFound, e.Message)),
        InvalidSessionRequestException e => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        SessionStateException e => new RpcException(new Status(StatusCode.FailedPrecondition, e.Message)),
        SessionLimitException e => new RpcException(new Status(StatusCode.ResourceExhausted, e.Message)),
        SessionUnavailableException e => new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        StoreUnavailableException => new RpcException(new Status(StatusCode.Unavailable, "The database is unreachable; retry shortly.")),
        _ => new RpcException(new Status(StatusCode.Internal, "The session could not handle the request.")),
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is SessionException or StoreUnavailableException)
        {
            throw ToRpc(e);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is SessionException or StoreUnavailableException)
        {
            throw ToRpc(e);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is SessionException or StoreUnavailableException)
        {
            throw ToRpc(e);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is SessionException or StoreUnavailableException)
        {
            throw ToRpc(e);
        }
    }
}
