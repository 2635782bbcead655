using System.IO.Pipelines;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// Makes a read of a gRPC request body that fails because the call was cancelled (its deadline passed, or the
/// client reset the stream) throw the cancellation's status (<see cref="CallCancellation"/>). gRPC reads a unary
/// request before any interceptor runs, so without this a deadline that passes while the request is still arriving
/// is reported as UNKNOWN "Exception was thrown by handler".
/// </summary>
public sealed class CancelledRequestBodyMiddleware(RequestDelegate next)
{
    /// <summary>Wraps the request body of the call, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Features.Get<IRequestBodyPipeFeature>();
        if (body is not null && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Features.Set<IRequestBodyPipeFeature>(new CancellableBody(context, body.Reader));
        }
        return next(context);
    }

    private sealed class CancellableBody(HttpContext context, PipeReader inner) : PipeReader, IRequestBodyPipeFeature
    {
        public PipeReader Reader => this;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not RpcException && CancellationStatus() is { } status)
            {
                throw status;
            }
        }

        public override bool TryRead(out ReadResult result)
        {
            try
            {
                return inner.TryRead(out result);
            }
            catch (Exception error) when (error is not RpcException && CancellationStatus() is { } status)
            {
                throw status;
            }
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        // The call's context exists once gRPC has taken the request; its token is cancelled by the deadline too.
        private RpcException? CancellationStatus() =>
            context.Features.Get<IServerCallContextFeature>()?.ServerCallContext is { } call ? CallCancellation.Status(call) : null;
    }
}
