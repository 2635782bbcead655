using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Rehearse.Testing;

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
        var port = LoopbackPorts.Free();
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
        var port = LoopbackPorts.Free();
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

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(LoopbackPorts.Free(), $"--Endpoints:Tls:CertificatePath={path}"));

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
}
