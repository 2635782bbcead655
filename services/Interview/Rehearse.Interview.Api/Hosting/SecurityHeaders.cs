using System.Net;
using Rehearse.ServiceDefaults;

namespace Rehearse.Interview.Api.Hosting;

/// <summary>
/// The response headers that let a browser hold the web page to what it does (see docs/security.md): every
/// response says <c>nosniff</c> and sends no referrer; the page, its files and any other non-gRPC response (a 404
/// too) also carry the Content-Security-Policy and the isolation and permission policies; over HTTPS to a name
/// other than a loopback one, HSTS.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// What the page needs and nothing else: its own scripts (app.js, theme.js and the audio worklet, which
    /// loads under script-src), its stylesheet (inline style attributes are refused; the page sets styles
    /// through the CSSOM, which CSP does not restrict), the inline SVG favicon, gRPC-Web calls to its own
    /// origin. The microphone (getUserMedia) and the interviewer's voice (decoded
    /// with Web Audio) need no media-src source, and reports download through blob: links, which CSP leaves
    /// alone. No plugin, frame, form target or base URL, and no page may frame it.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "media-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'; object-src 'none'";

    /// <summary>The microphone for the page's own origin; the other powerful features for nobody.</summary>
    public const string PermissionsPolicy =
        "microphone=(self), camera=(), geolocation=(), payment=(), usb=(), display-capture=()";

    /// <summary>One year; sent only over HTTPS (browsers ignore it over HTTP anyway).</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>Adds the headers to every response of the app; call first, so that nothing answers without them.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Apply(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.IsHttps && !IsLoopback(context.Request.Host.Host))
        {
            // Not for localhost: it would pin every local development server on any port to HTTPS.
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }
        if (context.Request.IsGrpc())
        {
            // gRPC and gRPC-Web answers are data for the page's script, never a document of their own.
            return;
        }
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
