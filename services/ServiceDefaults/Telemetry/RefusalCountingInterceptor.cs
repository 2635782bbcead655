using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Rehearse.ServiceDefaults.Telemetry;

/// <summary>
/// Counts the calls a service answers with an error status of its own choosing (<c>rehearse.rpc.server.refusals</c>,
/// tagged with the method and the status as <c>reason</c>): capacity refusals, bad requests, deadlines, outages of
/// what the service depends on. A call the client cancelled is not a refusal and is not counted.
/// </summary>
public sealed class RefusalCountingInterceptor : Interceptor
{
    /// <summary>The meter of the instruments every service has.</summary>
    public const string MeterName = "Rehearse.Rpc";

    private readonly Counter<long> _refusals;

    public RefusalCountingInterceptor(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _refusals = meters.Create(MeterName).CreateCounter<long>(
            "rehearse.rpc.server.refusals", "{call}", "Calls answered with an error status, by method and status (reason).");
    }

    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            Count(e, context);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            Count(e, context);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            Count(e, context);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            Count(e, context);
            throw;
        }
    }

    private void Count(RpcException error, ServerCallContext context)
    {
        if (error.StatusCode is StatusCode.OK or StatusCode.Cancelled)
        {
            return;
        }
        _refusals.Add(1, new TagList { { "rpc.method", context.Method }, { "reason", ReasonOf(error.StatusCode) } });
    }

    /// <summary>The status as the protocol spells it, lower case: <c>resource_exhausted</c>, <c>invalid_argument</c>, …</summary>
    public static string ReasonOf(StatusCode status) => status switch
    {
        StatusCode.InvalidArgument => "invalid_argument",
        StatusCode.DeadlineExceeded => "deadline_exceeded",
        StatusCode.NotFound => "not_found",
        StatusCode.AlreadyExists => "already_exists",
        StatusCode.PermissionDenied => "permission_denied",
        StatusCode.ResourceExhausted => "resource_exhausted",
        StatusCode.FailedPrecondition => "failed_precondition",
        StatusCode.Aborted => "aborted",
        StatusCode.OutOfRange => "out_of_range",
        StatusCode.Unimplemented => "unimplemented",
        StatusCode.Internal => "internal",
        StatusCode.Unavailable => "unavailable",
        StatusCode.DataLoss => "data_loss",
        StatusCode.Unauthenticated => "unauthenticated",
        _ => "unknown",
    };
}
