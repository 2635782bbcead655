using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// TLS on a service's ports (configuration section <c>Endpoints:Tls</c>): off unless a certificate is given. With
/// it, every port speaks TLS, and with a client certificate authority every caller must present a certificate it
/// issued (mutual TLS). Files are PEM, read once at start.
/// </summary>
public sealed class ServiceTlsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = ServiceEndpointOptions.SectionName + ":Tls";

    /// <summary>The server certificate (PEM; intermediate certificates may follow it). Empty: cleartext.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The certificate's private key (PEM). Empty: the key is in <see cref="CertificatePath"/>'s file.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>
    /// The authority (PEM) that issues client certificates. Set, a connection without a certificate it issued is
    /// refused during the TLS handshake. Empty: no client certificate is asked for.
    /// </summary>
    public string ClientCertificateAuthorityPath { get; set; } = "";

    /// <summary>Whether the ports speak TLS.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>Whether callers must present a client certificate.</summary>
    public bool RequiresClientCertificate => !string.IsNullOrWhiteSpace(ClientCertificateAuthorityPath);

    /// <summary>Loads the server certificate with its key.</summary>
    public X509Certificate2 LoadCertificate() =>
        Pem.LoadCertificateWithKey(CertificatePath, string.IsNullOrWhiteSpace(KeyPath) ? null : KeyPath);

    /// <summary>Loads the client certificate authority.</summary>
    public X509Certificate2Collection LoadClientCertificateAuthority() => Pem.LoadAuthority(ClientCertificateAuthorityPath);

    /// <summary>The problems with these settings, each naming its key.</summary>
    public IEnumerable<ValidationResult> Validate()
    {
        if (!Enabled)
        {
            if (!string.IsNullOrWhiteSpace(KeyPath) || RequiresClientCertificate)
            {
                yield return new ValidationResult(
                    $"{SectionName}:KeyPath and {SectionName}:ClientCertificateAuthorityPath need {SectionName}:CertificatePath.",
                    [nameof(CertificatePath)]);
            }
            yield break;
        }
        var problem = Pem.Check(() => LoadCertificate(), $"{SectionName}:CertificatePath", CertificatePath)
            ?? (RequiresClientCertificate
                ? Pem.Check(() => LoadClientCertificateAuthority(), $"{SectionName}:ClientCertificateAuthorityPath", ClientCertificateAuthorityPath)
                : null);
        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(CertificatePath)]);
        }
    }

    /// <summary>Whether <paramref name="certificate"/> was issued by one of <paramref name="authorities"/> and is valid now.</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}

/// <summary>Reading PEM certificates and keys with errors that name the setting.</summary>
public static class Pem
{
    /// <summary>A certificate and its private key from PEM files (<paramref name="keyPath"/> null: the key is in the certificate's file).</summary>
    public static X509Certificate2 LoadCertificateWithKey(string certificatePath, string? keyPath) =>
        X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

    /// <summary>Every certificate in a PEM file, e.g. a certificate authority.</summary>
    public static X509Certificate2Collection LoadAuthority(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates.Count > 0 ? certificates : throw new CryptographicException("the file holds no certificate");
    }

    /// <summary>Null when <paramref name="load"/> succeeds, else a message naming <paramref name="setting"/>.</summary>
    public static string? Check(Action load, string setting, string path)
    {
        if (!File.Exists(path))
        {
            return $"{setting}: '{path}' does not exist.";
        }
        try
        {
            load();
            return null;
        }
        catch (Exception error) when (error is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return $"{setting}: '{path}' could not be read as PEM: {error.Message}";
        }
    }
}
