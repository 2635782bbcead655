using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Rehearse.ServiceDefaults;

namespace Rehearse.Interview.Api.Speech;

/// <summary>How the Interview service reaches the Speech service (configuration section <c>Speech</c>).</summary>
public sealed class SpeechClientOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Speech";

    /// <summary>
    /// Address of the Speech service's native gRPC port: <c>http://</c> or <c>https://</c> for one instance (or a
    /// proxy), or a name the client resolves to every instance and balances over, <c>dns:///host:port</c> (cleartext
    /// HTTP/2; a Kubernetes headless Service).
    /// </summary>
    [Required]
    public string Address { get; set; } = "http://127.0.0.1:50051";

    /// <summary>
    /// Whether <see cref="Address"/> names instances to balance over rather than one endpoint: a <c>dns:///</c>
    /// name, an <c>ipv4:</c> list, or a <c>static:///</c> one that a host resolves with a registered gRPC <c>StaticResolverFactory</c>.
    /// </summary>
    public bool IsBalanced => Uri.TryCreate(Address, UriKind.Absolute, out var uri) && uri.Scheme is "dns" or "static" or InstanceListScheme;

    /// <summary>The scheme of a fixed list of instances, written as gRPC writes one: <c>ipv4:host:port,host:port</c>.</summary>
    public const string InstanceListScheme = "ipv4";

    /// <summary>The instances an <c>ipv4:</c> address lists, or null when it is not one or lists a bad endpoint.</summary>
    public static IReadOnlyList<IPEndPoint>? Instances(string address)
    {
        if (!address.StartsWith(InstanceListScheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var endpoints = new List<IPEndPoint>();
        foreach (var part in address[(InstanceListScheme.Length + 1)..].TrimStart('/').Split(','))
        {
            if (!IPEndPoint.TryParse(part.Trim(), out var endpoint) || endpoint.AddressFamily != AddressFamily.InterNetwork || endpoint.Port == 0)
            {
                return null;
            }
            endpoints.Add(endpoint);
        }
        return endpoints;
    }

    /// <summary>
    /// The key presented to the Speech service in the <c>x-api-key</c> header (its <c>Speech:Access:ApiKeys</c>).
    /// Empty: none. Over an http:// address it travels in the clear: across a network, use https://.
    /// </summary>
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// The authority (PEM) the Speech service's certificate must be issued by, for an https:// address served with
    /// a private certificate authority. Empty: the machine's trusted roots.
    /// </summary>
    public string CertificateAuthorityPath { get; set; } = "";

    /// <summary>A client certificate (PEM) presented to a Speech service that requires one (mutual TLS). Empty: none.</summary>
    public string ClientCertificatePath { get; set; } = "";

    /// <summary>The client certificate's private key (PEM). Empty: the key is in <see cref="ClientCertificatePath"/>'s file.</summary>
    public string ClientKeyPath { get; set; } = "";

    /// <summary>Whether the channel needs its own TLS settings (a private authority or a client certificate).</summary>
    public bool HasTlsSettings => !string.IsNullOrWhiteSpace(CertificateAuthorityPath) || !string.IsNullOrWhiteSpace(ClientCertificatePath);

    /// <summary>Deadline of short calls (listing voices, a voice preview), and the time a streaming call may take to open.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of speaking one interviewer utterance.</summary>
    public TimeSpan SynthesisTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Time allowed for recognizing one answer beyond its end (done, end-of-answer silence, time limit): the
    /// recognizer may still be working through audio that arrived faster than real time.
    /// </summary>
    public TimeSpan RecognitionGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Recognition model, e.g. <c>moonshine-base</c> or <c>moonshine-tiny</c>; empty means the Speech service's default.</summary>
    public string RecognitionModel { get; set; } = "";

    /// <summary>
    /// Silence that ends one transcript segment (the Speech service's endpointing <c>min_silence</c>); the whole
    /// answer ends on the longer end-of-answer silence.
    /// </summary>
    public TimeSpan SegmentSilence { get; set; } = TimeSpan.FromMilliseconds(600);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Address, UriKind.Absolute, out var uri) || (!IsBalanced && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Speech:Address '{Address}' is not an http://, https://, dns:/// or ipv4: address.", [nameof(Address)]);
        }
        else if (uri.Scheme == InstanceListScheme && Instances(Address) is null)
        {
            yield return new ValidationResult(
                $"Speech:Address '{Address}' must list IPv4 endpoints with ports, separated by commas: ipv4:10.0.0.5:50051,10.0.0.6:50051.", [nameof(Address)]);
        }
        else if (uri.Scheme == "dns" && !uri.AbsolutePath.Contains(':', StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                $"Speech:Address '{Address}' names no host and port: write dns:///host:port, e.g. dns:///speech.rehearse.svc.cluster.local:50051.", [nameof(Address)]);
        }
        // The Speech service's keys follow the same rule as the Interview service's own.
        if (ApiKey.Length > 0 && !Identity.ApiKey.IsWellFormed(ApiKey))
        {
            yield return new ValidationResult(
                $"Speech:ApiKey must be {Identity.ApiKey.MinLength} to {Identity.ApiKey.MaxLength} characters of letters, digits, '-' and '_'.",
                [nameof(ApiKey)]);
        }
        if (HasTlsSettings && uri?.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult(
                "Speech:CertificateAuthorityPath and Speech:ClientCertificatePath need an https:// Speech:Address (a balanced dns:/// or ipv4: address is cleartext).",
                [nameof(Address)]);
        }
        if (!string.IsNullOrWhiteSpace(CertificateAuthorityPath)
            && Pem.Check(() => Pem.LoadAuthority(CertificateAuthorityPath), "Speech:CertificateAuthorityPath", CertificateAuthorityPath) is { } authorityProblem)
        {
            yield return new ValidationResult(authorityProblem, [nameof(CertificateAuthorityPath)]);
        }
        if (!string.IsNullOrWhiteSpace(ClientCertificatePath)
            && Pem.Check(() => LoadClientCertificate(), "Speech:ClientCertificatePath", ClientCertificatePath) is { } certificateProblem)
        {
            yield return new ValidationResult(certificateProblem, [nameof(ClientCertificatePath)]);
        }
        foreach (var (name, value) in new[] { (nameof(CallTimeout), CallTimeout), (nameof(SynthesisTimeout), SynthesisTimeout), (nameof(RecognitionGrace), RecognitionGrace) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Speech:{name} must be positive.", [name]);
            }
        }
        if (SegmentSilence < TimeSpan.FromMilliseconds(100) || SegmentSilence > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult(
                $"Speech:SegmentSilence is {SegmentSilence}; allowed range 00:00:00.1 to 00:00:10.", [nameof(SegmentSilence)]);
        }
    }

    /// <summary>
    /// Applies the TLS settings to <paramref name="handler"/>: it trusts <see cref="CertificateAuthorityPath"/> and
    /// presents <see cref="ClientCertificatePath"/>, when they are set.
    /// </summary>
    public void ApplyTls(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!string.IsNullOrWhiteSpace(ClientCertificatePath))
        {
            handler.SslOptions.ClientCertificates = [LoadClientCertificate()];
        }
        if (!string.IsNullOrWhiteSpace(CertificateAuthorityPath))
        {
            var authority = Pem.LoadAuthority(CertificateAuthorityPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is X509Certificate2 server
                && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && ServiceTlsOptions.IsIssuedBy(server, authority);
        }
    }

    private X509Certificate2 LoadClientCertificate() =>
        Pem.LoadCertificateWithKey(ClientCertificatePath, string.IsNullOrWhiteSpace(ClientKeyPath) ? null : ClientKeyPath);
}
