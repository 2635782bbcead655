using Grpc.Core;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// Keeps every status message a service sends within <see cref="MaxDetailCharacters"/>. The message travels in the
/// <c>grpc-message</c> trailer, percent-encoded: one that repeats a large request field can pass the peer's HTTP/2
/// header limit (commonly 64 KiB or less), and the peer then resets the whole connection, failing every other call
/// on it. Messages are meant to name a field and a limit, so a longer one is cut and marked with an ellipsis.
/// </summary>
public sealed class StatusDetailLimitInterceptor : ExceptionTranslatingInterceptor
{
    /// <summary>Longest status message sent, in UTF-16 characters (at most about 9 KiB once percent-encoded).</summary>
    public const int MaxDetailCharacters = 1024;

    /// <inheritdoc />
    protected override Exception? Translate(Exception error) => error is RpcException rpc ? Shortened(rpc) : null;

    /// <inheritdoc />
    protected override void OnCompleted(ServerCallContext context) => ShortenStatus(context);

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
