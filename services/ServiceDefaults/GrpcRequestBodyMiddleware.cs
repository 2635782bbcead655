using System.IO.Pipelines;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// Looks after the request body of every gRPC call, in two ways.
/// <list type="bullet">
/// <item>A read that fails because the call was cancelled (its deadline passed, or the client reset the stream)
/// throws the cancellation's status (<see cref="CallCancellation"/>). gRPC reads a unary request before any
/// interceptor runs, so without this a deadline that passes while the request is still arriving is reported as
/// UNKNOWN "Exception was thrown by handler".</item>
/// <item>An HTTP/2 call that ends (with an error, say) before the client finished sending sends its status first and
/// then drains what the client still sends, for at most <see cref="DrainTimeout"/>. Left to itself, Kestrel would
/// reset such a stream and keep it on the connection's books until the drain window passes; a client that ends
/// a few hundred calls this way within the window (Converse calls refused at their first message, for one) finds
/// the connection refusing new streams (ENHANCE_YOUR_CALM) and then reset. Told the status, a gRPC client ends its
/// side of the stream at once, which frees it.</item>
/// </list>
/// </summary>
public sealed class GrpcRequestBodyMiddleware(RequestDelegate next)
{
    /// <summary>How long a call that has its status waits for the client to end its side of the stream.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Wraps the request body of the call, runs the rest of the pipeline, then drains what is left of the body.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.Features.Get<IRequestBodyPipeFeature>();
        if (feature is null || !context.Request.IsGrpc())
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var body = new CallBody(context, feature.Reader);
        context.Features.Set<IRequestBodyPipeFeature>(body);
        await next(context).ConfigureAwait(false);
        if (HttpProtocol.IsHttp2(context.Request.Protocol) && !body.Ended && !context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.CompleteAsync().ConfigureAwait(false);
            await body.DrainAsync(DrainTimeout).ConfigureAwait(false);
        }
    }

    private sealed class CallBody(HttpContext context, PipeReader inner) : PipeReader, IRequestBodyPipeFeature
    {
        public PipeReader Reader => this;

        /// <summary>Whether the client ended its side of the stream, or it failed.</summary>
        public bool Ended { get; private set; }

        public async Task DrainAsync(TimeSpan timeout)
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            patience.CancelAfter(timeout);
            try
            {
                while (!Ended)
                {
                    var result = await ReadAsync(patience.Token).ConfigureAwait(false);
                    AdvanceTo(result.Buffer.End);
                }
            }
            catch (Exception)
            {
                // The client reset the stream (the usual end), or did not end it in time: either way the call is over.
            }
        }

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
                Ended |= result.IsCompleted;
                return result;
            }
            catch (Exception error) when (Failed(error) is { } status)
            {
                throw status;
            }
        }

        public override bool TryRead(out ReadResult result)
        {
            try
            {
                var read = inner.TryRead(out result);
                Ended |= read && result.IsCompleted;
                return read;
            }
            catch (Exception error) when (Failed(error) is { } status)
            {
                throw status;
            }
        }

        // Kestrel reports a reset stream here too, when the body is released after the last read.
        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            try
            {
                inner.AdvanceTo(consumed, examined);
            }
            catch (Exception error) when (Failed(error) is { } status)
            {
                throw status;
            }
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        // A failed read ends the body. The call's context exists once gRPC has taken the request; its token is
        // cancelled by the deadline too.
        private RpcException? Failed(Exception error)
        {
            Ended = true;
            return error is not RpcException && context.Features.Get<IServerCallContextFeature>()?.ServerCallContext is { } call
                ? CallCancellation.Status(call)
                : null;
        }
    }
}
