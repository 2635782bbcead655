using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Rehearse.ServiceDefaults.UnitTests;

/// <summary>
/// A service given a certificate (<c>Endpoints:Tls</c>) serves TLS on a real Kestrel port, and with a client
/// certificate authority it refuses callers without a certificate that authority issued.
/// </summary>
public sealed class TlsEndpointTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("rehearse-tls-");
    private readonly TestAuthority _serverAuthority = new("Rehearse test server CA");
    private readonly TestAuthority _clientAuthority = new("Rehearse test client CA");

    [Fact]
    public async Task With_a_certificate_the_http_port_serves_https_with_it()
    {
        var (certificatePath, keyPath) = _serverAuthority.IssueServer(_files, "server");
        var port = FreePort();
        await using var app = await StartAsync(port, $"--Endpoints:Tls:CertificatePath={certificatePath}", $"--Endpoints:Tls:KeyPath={keyPath}");
        using var client = new HttpClient(_serverAuthority.TrustingHandler());

        var body = await client.GetStringAsync($"https://127.0.0.1:{port}/", Ct);

        Assert.Equal("served over https", body);
        await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetStringAsync($"http://127.0.0.1:{port}/", Ct));
    }

    [Fact]
    public async Task With_a_client_authority_only_a_caller_with_a_certificate_it_issued_gets_through()
    {
        var (certificatePath, keyPath) = _serverAuthority.IssueServer(_files, "server");
        var port = FreePort();
        await using var app = await StartAsync(port,
            $"--Endpoints:Tls:CertificatePath={certificatePath}", $"--Endpoints:Tls:KeyPath={keyPath}",
            $"--Endpoints:Tls:ClientCertificateAuthorityPath={_clientAuthority.WritePem(_files)}");
        var url = $"https://127.0.0.1:{port}/";

        using var anonymous = new HttpClient(_serverAuthority.TrustingHandler());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.GetStringAsync(url, Ct));

        using var stranger = new HttpClient(_serverAuthority.TrustingHandler(new TestAuthority("Someone else").IssueClient()));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => stranger.GetStringAsync(url, Ct));

        using var known = new HttpClient(_serverAuthority.TrustingHandler(_clientAuthority.IssueClient()));
        Assert.Equal("served over https", await known.GetStringAsync(url, Ct));
    }

    [Theory]
    [InlineData("missing.pem", "Endpoints:Tls:CertificatePath: '")]
    [InlineData("garbage.pem", "could not be read as PEM")]
    public async Task An_unreadable_certificate_stops_the_start_naming_the_setting(string file, string expected)
    {
        var path = Path.Combine(_files.FullName, file);
        if (file == "garbage.pem")
        {
            await File.WriteAllTextAsync(path, "not a certificate", Ct);
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(FreePort(), $"--Endpoints:Tls:CertificatePath={path}"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _serverAuthority.Dispose();
        _clientAuthority.Dispose();
        _files.Delete(recursive: true);
    }

    private static async Task<WebApplication> StartAsync(int port, params string[] settings)
    {
        var builder = WebApplication.CreateBuilder([
            "--Endpoints:BindAddress=127.0.0.1", "--Endpoints:GrpcPort=0", $"--Endpoints:HttpPort={port}", .. settings,
        ]);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapGet("/", (HttpContext context) => context.Request.IsHttps ? "served over https" : "served in clear");
        try
        {
            await app.StartAsync(Ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A certificate authority made for the test, issuing server and client certificates.</summary>
    private sealed class TestAuthority : IDisposable
    {
        private readonly X509Certificate2 _certificate;

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

        /// <summary>A server certificate for 127.0.0.1, written as PEM certificate and key files.</summary>
        public (string CertificatePath, string KeyPath) IssueServer(DirectoryInfo directory, string name)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            using var certificate = Issue("CN=localhost", names.Build(), "1.3.6.1.5.5.7.3.1");
            var certificatePath = Path.Combine(directory.FullName, $"{name}.crt");
            var keyPath = Path.Combine(directory.FullName, $"{name}.key");
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            return (certificatePath, keyPath);
        }

        /// <summary>A client certificate with its key.</summary>
        public X509Certificate2 IssueClient() => Issue("CN=interview", null, "1.3.6.1.5.5.7.3.2");

        /// <summary>A handler that trusts only this authority's server certificates and presents <paramref name="clientCertificate"/>.</summary>
        public SocketsHttpHandler TrustingHandler(X509Certificate2? clientCertificate = null) => new()
        {
            SslOptions =
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 server && ServiceTlsOptions.IsIssuedBy(server, [_certificate]),
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };

        public void Dispose() => _certificate.Dispose();

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
}
