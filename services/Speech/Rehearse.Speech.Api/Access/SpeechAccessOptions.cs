using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Rehearse.Speech.Api.Access;

/// <summary>Who may call the Speech service (configuration section <c>Speech:Access</c>); see docs/security.md.</summary>
public sealed class SpeechAccessOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Speech:Access";

    /// <summary>Shortest key accepted.</summary>
    public const int MinKeyLength = 16;

    /// <summary>Longest key accepted.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>
    /// Keys a caller may present in the <c>x-api-key</c> metadata header (several, so a key can be replaced without
    /// a moment when none works). Empty: no key is asked for.
    /// </summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>
    /// Serve without a key on an address other machines can reach. Off, the service refuses to start bound
    /// beyond loopback with no <see cref="ApiKeys"/> (and no client certificate required).
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>Whether a call must present one of <see cref="ApiKeys"/>.</summary>
    public bool RequiresKey => ApiKeys.Length > 0;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < ApiKeys.Length; i++)
        {
            if (!IsWellFormed(ApiKeys[i]))
            {
                yield return new ValidationResult(
                    $"{SectionName}:ApiKeys:{i} must be {MinKeyLength} to {MaxKeyLength} characters of letters, digits, '-' and '_'.",
                    [nameof(ApiKeys)]);
            }
        }
    }

    /// <summary>Why the service refuses to start reachable from other machines with no credentials asked for.</summary>
    public const string ExposedWithoutCredentials =
        $"{SectionName}:ApiKeys is empty while Endpoints:BindAddress lets other machines connect: set {SectionName}:ApiKeys:0, " +
        $"or require client certificates (Endpoints:Tls:ClientCertificateAuthorityPath), or set {SectionName}:AllowUnauthenticated=true " +
        "on a network where every caller is trusted.";

    /// <summary>
    /// Whether these settings leave the service on <paramref name="bindAddress"/> open to other machines without
    /// anyone having said so: it then refuses to start.
    /// </summary>
    public bool IsExposedWithoutCredentials(string bindAddress, bool clientCertificateRequired)
    {
        var loopback = bindAddress == "localhost" || (IPAddress.TryParse(bindAddress, out var address) && IPAddress.IsLoopback(address));
        return !(loopback || RequiresKey || clientCertificateRequired || AllowUnauthenticated);
    }

    /// <summary>Whether a key has the accepted length and alphabet.</summary>
    public static bool IsWellFormed(string key) =>
        key.Length is >= MinKeyLength and <= MaxKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
