using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rehearse.Testing;

/// <summary>A certificate authority made for a test, issuing server certificates for 127.0.0.1 and client certificates.</summary>
public sealed class TestAuthority : IDisposable
{
    private readonly X509Certificate2 _certificate;

    /// <summary>Makes an authority named <paramref name="name"/>, valid for a day.</summary>
    public TestAuthority(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Writes the authority's certificate as PEM; returns its path.</summary>
    public string WritePem(DirectoryInfo directory)
    {
        var path = Path.Combine(directory.FullName, $"{_certificate.Thumbprint}.pem");
        File.WriteAllText(path, _certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost, written as PEM certificate and key files.</summary>
    public (string CertificatePath, string KeyPath) IssueServer(DirectoryInfo directory, string name)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        using var certificate = Issue("CN=localhost", names.Build(), "1.3.6.1.5.5.7.3.1");
        return Write(certificate, directory, name);
    }

    /// <summary>A client certificate, written as PEM certificate and key files.</summary>
    public (string CertificatePath, string KeyPath) IssueClientFiles(DirectoryInfo directory, string name)
    {
        using var certificate = IssueClient();
        return Write(certificate, directory, name);
    }

    /// <summary>A client certificate with its key.</summary>
    public X509Certificate2 IssueClient() => Issue("CN=interview", null, "1.3.6.1.5.5.7.3.2");

    /// <summary>A handler that trusts only this authority's server certificates and presents <paramref name="clientCertificate"/>.</summary>
    public SocketsHttpHandler TrustingHandler(X509Certificate2? clientCertificate = null) => new()
    {
        SslOptions =
        {
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && Issued(server),
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
        },
    };

    /// <inheritdoc />
    public void Dispose() => _certificate.Dispose();

    private bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static (string CertificatePath, string KeyPath) Write(X509Certificate2 certificate, DirectoryInfo directory, string name)
    {
        var certificatePath = Path.Combine(directory.FullName, $"{name}.crt");
        var keyPath = Path.Combine(directory.FullName, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private X509Certificate2 Issue(string subject, X509Extension? names, string usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(_certificate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
