using System.ComponentModel.DataAnnotations;

namespace Rehearse.Interview.Api.Identity;

/// <summary>How callers are identified (configuration section <c>Identity</c>).</summary>
public sealed class IdentityOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Identity";

    /// <summary>
    /// Accept only API keys already registered in the database. Off (the default), any well-formed key creates
    /// its user on first use, which is how the web page works without sign-up: it generates a key per browser.
    /// </summary>
    public bool RequireRegisteredKeys { get; set; }

    /// <summary>Sign-in through an OpenID Connect identity provider; off while its authority is empty.</summary>
    public OpenIdConnectSignInOptions OpenIdConnect { get; set; } = new();

    /// <summary>Whether only keys already in the store are accepted: asked for, or implied by required sign-in.</summary>
    public bool OnlyRegisteredKeys => RequireRegisteredKeys || OpenIdConnect.Enabled;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        OpenIdConnect.Validate($"{SectionName}:{nameof(OpenIdConnect)}");
}

/// <summary>
/// The identity provider people sign in with when the operator requires it (<c>Identity:OpenIdConnect</c>): the
/// authorization code flow with PKCE; the id_token's issuer and subject name the Rehearse user.
/// </summary>
public sealed class OpenIdConnectSignInOptions
{
    /// <summary>
    /// The provider's issuer URL (its discovery document is at <c>/.well-known/openid-configuration</c> below it).
    /// Empty turns sign-in off. Must be https, except on a loopback address.
    /// </summary>
    public string Authority { get; set; } = "";

    /// <summary>The client id registered at the provider for this service.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret; empty for a public client (PKCE only).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Scopes asked for, separated by spaces; must include <c>openid</c>.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>Path the provider sends the browser back to; register <c>{origin}{CallbackPath}</c> as a redirect URI.</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>How long a sign-in lasts in the browser (sliding: each use renews it).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Whether sign-in is required.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The scopes as a list.</summary>
    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether the authority may be plain http: only on this machine, as a test provider is.</summary>
    public bool AuthorityIsLoopback =>
        Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback;

    internal IEnumerable<ValidationResult> Validate(string section)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http")
            || (authority.Scheme == "http" && !authority.IsLoopback))
        {
            yield return new ValidationResult(
                $"{section}:Authority: '{Authority}' must be an https URL (http only on a loopback address).", [nameof(Authority)]);
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult($"{section}:ClientId is required when {section}:Authority is set.", [nameof(ClientId)]);
        }
        if (!ScopeList.Contains("openid"))
        {
            yield return new ValidationResult($"{section}:Scopes: '{Scopes}' must include 'openid'.", [nameof(Scopes)]);
        }
        if (!CallbackPath.StartsWith('/') || CallbackPath.Length < 2)
        {
            yield return new ValidationResult($"{section}:CallbackPath: '{CallbackPath}' must be a path starting with '/'.", [nameof(CallbackPath)]);
        }
        if (SessionLifetime < TimeSpan.FromMinutes(5) || SessionLifetime > TimeSpan.FromDays(365))
        {
            yield return new ValidationResult($"{section}:SessionLifetime: {SessionLifetime} must be 5 minutes to 365 days.", [nameof(SessionLifetime)]);
        }
    }
}
