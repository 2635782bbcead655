using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Rehearse.Interview.Api.Limits;
using Rehearse.Interview.Core.Storage;
using Rehearse.ServiceDefaults;

namespace Rehearse.Interview.Api.Identity;

/// <summary>
/// Operator-required sign-in (<c>Identity:OpenIdConnect</c>): the page redirects to the identity provider, the
/// id_token's issuer and subject name one Rehearse user, and a cookie then identifies the page's gRPC-Web calls.
/// Also the small <c>/account</c> API the page uses in every mode.
/// </summary>
public static class SignIn
{
    /// <summary>
    /// The header the page sends with every call. The auth cookie counts only on requests that carry it: a browser
    /// lets another site's page send a custom header only after a CORS preflight, which fails for any origin not in
    /// <c>Web:AllowedOrigins</c>, and plain forms cannot send one at all. With the cookie's SameSite=Lax (no cookie on
    /// cross-site subrequests or POSTs) a hostile page can neither make the browser call as the person nor read the
    /// answers.
    /// </summary>
    public const string PageHeader = "x-rehearse-client";

    /// <summary>The claim in the auth cookie holding the Rehearse user id.</summary>
    public const string UserIdClaim = "rehearse_user";

    private const string CookieName = "rehearse.auth";

    /// <summary>Adds cookie and OpenID Connect authentication when sign-in is configured.</summary>
    public static void AddInterviewSignIn(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(IdentityOptions.SectionName).Get<IdentityOptions>()?.OpenIdConnect ?? new();
        if (!settings.Enabled)
        {
            return;
        }
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                // Lax, not Strict: the browser comes back from the provider by a cross-site redirect, and the page it
                // lands on must already be signed in. Lax still keeps the cookie off cross-site POSTs and subrequests.
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = settings.SessionLifetime;
                options.SlidingExpiration = true;
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = settings.Authority;
                options.RequireHttpsMetadata = !settings.AuthorityIsLoopback;
                options.ClientId = settings.ClientId;
                options.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
                options.CallbackPath = settings.CallbackPath;
                options.ResponseType = OpenIdConnectResponseType.Code;
                // A query-string reply is a top-level GET, which carries the Lax correlation cookies back; the default
                // form_post is a cross-site POST that needs SameSite=None (and so https everywhere).
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.UsePkce = true;
                options.MapInboundClaims = false;
                options.SaveTokens = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.Scope.Clear();
                foreach (var scope in settings.ScopeList)
                {
                    options.Scope.Add(scope);
                }
                options.Events.OnTokenValidated = OnSignedInAsync;
                options.Events.OnRemoteFailure = OnSignInFailedAsync;
            });
    }

    /// <summary>
    /// Replaces the provider's claims with the Rehearse user they name (created on first sign-in), so the cookie holds
    /// only that and a display name.
    /// </summary>
    private static async Task OnSignedInAsync(TokenValidatedContext context)
    {
        var token = context.SecurityToken;
        var subject = token.Subject;
        if (string.IsNullOrEmpty(subject))
        {
            context.Fail("The id_token has no subject.");
            return;
        }
        var accounts = context.HttpContext.RequestServices.GetRequiredService<IAccountStore>();
        var userId = await accounts.GetOrCreateSignedInUserAsync(token.Issuer, subject, context.HttpContext.RequestAborted);
        var name = new[] { "name", "preferred_username", "email" }
            .Select(type => context.Principal?.FindFirst(type)?.Value)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)) ?? subject;
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(UserIdClaim, userId.ToString()), new Claim("name", name)],
            CookieAuthenticationDefaults.AuthenticationScheme, "name", null));
    }

    /// <summary>
    /// A sign-in the provider refused, or whose token did not validate (wrong signature, expired, wrong nonce): a plain
    /// 401 page with a way to start again; the reason goes to the log, not to the browser.
    /// </summary>
    private static async Task OnSignInFailedAsync(RemoteFailureContext context)
    {
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignIn))
            .LogWarning(context.Failure, "Sign-in through the identity provider failed");
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!doctype html><title>Sign-in failed — Rehearse</title><p>Sign-in failed. <a href=\"/account/sign-in\">Try again</a>.</p>",
            context.HttpContext.RequestAborted);
    }

    /// <summary>
    /// When sign-in is required, sends a browser that asks for the page (or any file of it) without being signed in
    /// to the identity provider. gRPC, health checks and <c>/account</c> answer for themselves.
    /// </summary>
    public static void UseInterviewSignIn(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.OpenIdConnect.Enabled)
        {
            return;
        }
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.IsGrpc()
                && !request.Path.StartsWithSegments("/healthz")
                && !request.Path.StartsWithSegments("/account")
                && context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync(new AuthenticationProperties { RedirectUri = request.PathBase + request.Path + request.QueryString });
                return;
            }
            await next(context);
        });
    }

    /// <summary>The Rehearse user of a page request signed in through the provider, or null.</summary>
    public static Guid? SignedInUser(HttpContext context) =>
        context.Request.Headers.ContainsKey(PageHeader)
        && context.User.FindFirst(UserIdClaim)?.Value is { } value && Guid.TryParse(value, out var id)
            ? id
            : null;

    /// <summary>
    /// The page's account API: <c>GET /account</c> (how this server identifies people, and who is signed in),
    /// <c>GET /account/sign-in</c>, <c>POST /account/sign-out</c> and <c>POST /account/key</c> (a personal key for
    /// the command line, replacing the previous one).
    /// </summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value;
        var account = app.MapGroup("/account");
        account.MapGet("/", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var mode = options.OpenIdConnect.Enabled ? "openid-connect" : options.RequireRegisteredKeys ? "registered-key" : "anonymous-key";
            var signedIn = context.User.FindFirst(UserIdClaim) is not null;
            return Results.Json(new AccountStatus(mode, signedIn, signedIn ? context.User.FindFirst("name")?.Value : null));
        });
        if (!options.OpenIdConnect.Enabled)
        {
            return;
        }
        account.MapGet("/sign-in", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }));
        account.MapPost("/sign-out", async (HttpContext context) =>
        {
            if (!context.Request.Headers.ContainsKey(PageHeader))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });
        account.MapPost("/key", async (HttpContext context, UserDirectory users, CallRateLimits limits) =>
        {
            if (SignedInUser(context) is not { } userId)
            {
                return Results.Problem("Sign in first; the request must come from the page.", statusCode: StatusCodes.Status401Unauthorized);
            }
            context.Response.Headers.CacheControl = "no-store";
            if (limits.TryAcquire(LimitedAction.KeyIssue, userId) is { } refusal)
            {
                context.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Results.Problem(refusal.Message, statusCode: StatusCodes.Status429TooManyRequests);
            }
            return Results.Json(new IssuedKey(await users.IssueKeyAsync(userId, context.RequestAborted)));
        });
    }

    /// <summary>What <c>GET /account</c> answers.</summary>
    /// <param name="Mode"><c>anonymous-key</c>, <c>registered-key</c> or <c>openid-connect</c>.</param>
    /// <param name="SignedIn">Whether the request carries a valid sign-in cookie.</param>
    /// <param name="Name">The signed-in person's name as the provider gave it.</param>
    public sealed record AccountStatus(string Mode, bool SignedIn, string? Name);

    /// <summary>What <c>POST /account/key</c> answers.</summary>
    public sealed record IssuedKey(string Key);
}
