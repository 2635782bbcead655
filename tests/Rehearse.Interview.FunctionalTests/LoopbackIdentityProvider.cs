using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A minimal OpenID Connect provider on 127.0.0.1 for sign-in tests: discovery, JWKS, an authorize endpoint that
/// approves <see cref="Subject"/> at once (no login page), and a token endpoint that checks the code, the client and
/// PKCE and issues an RS256 id_token. <see cref="ForgeTokens"/> and <see cref="ExpireTokens"/> make it misbehave.
/// </summary>
public sealed class LoopbackIdentityProvider : IAsyncDisposable
{
    /// <summary>The client id the Interview service is registered under.</summary>
    public const string ClientId = "rehearse-test";

    /// <summary>The client secret the Interview service must present.</summary>
    public const string ClientSecret = "test-secret-0123456789";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly RsaSecurityKey _otherKey = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, Grant> _codes = new();

    private LoopbackIdentityProvider(WebApplication app) => _app = app;

    /// <summary>The issuer and authority: <c>http://127.0.0.1:port</c>.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The person every authorization request signs in as.</summary>
    public string Subject { get; set; } = "person-1";

    /// <summary>Their display name.</summary>
    public string Name { get; set; } = "Ada Lovelace";

    /// <summary>Sign id_tokens with a key the JWKS does not hold (same key id), as a forger would.</summary>
    public bool ForgeTokens { get; set; }

    /// <summary>Issue id_tokens that expired an hour ago.</summary>
    public bool ExpireTokens { get; set; }

    /// <summary>How many id_tokens were issued.</summary>
    public int TokensIssued => _tokensIssued;

    private int _tokensIssued;

    /// <summary>Starts the provider on a free loopback port.</summary>
    public static async Task<LoopbackIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new LoopbackIdentityProvider(app);
        provider.Map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Urls.Single();
        provider.Issuer = address.TrimEnd('/');
        return provider;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        }));

        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });

        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            if (query["client_id"] != ClientId || query["response_type"] != "code" || string.IsNullOrEmpty(query["redirect_uri"])
                || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
            {
                return Results.BadRequest("bad authorization request");
            }
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new Grant(query["redirect_uri"]!, query["nonce"]!, query["code_challenge"]!, Subject, Name);
            return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"]!)}");
        });

        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var (clientId, secret) = ClientCredentials(request, form);
            if (clientId != ClientId || secret != ClientSecret)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }
            if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
                || form["redirect_uri"] != grant.RedirectUri
                || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.CodeChallenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }
            Interlocked.Increment(ref _tokensIssued);
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = ClientId,
                Subject = new ClaimsIdentity([new Claim("sub", grant.Subject), new Claim("name", grant.Name), new Claim("nonce", grant.Nonce)]),
                IssuedAt = ExpireTokens ? now.AddHours(-2) : now,
                NotBefore = ExpireTokens ? now.AddHours(-2) : now,
                Expires = ExpireTokens ? now.AddHours(-1) : now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(ForgeTokens ? _otherKey : _key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = "unused", token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        if (request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"], form["client_secret"]);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
        _otherKey.Rsa.Dispose();
    }

    private sealed record Grant(string RedirectUri, string Nonce, string CodeChallenge, string Subject, string Name);
}
