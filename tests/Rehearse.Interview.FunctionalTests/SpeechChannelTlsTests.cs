using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Rehearse.Interview.Api.Speech;
using Rehearse.ServiceDefaults;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The Speech channel's own TLS settings against a server set up as the Speech service's mutual TLS is: it trusts
/// the configured authority (and no other) and presents the configured client certificate.
/// </summary>
public sealed class SpeechChannelTlsTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("rehearse-speech-tls-");
    private readonly TestAuthority _serverAuthority = new("Speech server CA");
    private readonly TestAuthority _clientAuthority = new("Speech client CA");
    private WebApplication _server = null!;
    private string _address = "";

    [Fact]
    public async Task With_the_authority_and_a_client_certificate_the_channel_gets_through()
    {
        var (certificate, key) = _clientAuthority.IssueClientFiles(_files, "interview");

        Assert.Equal("mutual", await GetAsync(new SpeechClientOptions
        {
            Address = _address,
            CertificateAuthorityPath = _serverAuthority.WritePem(_files),
            ClientCertificatePath = certificate,
            ClientKeyPath = key,
        }));
    }

    [Fact]
    public async Task Without_a_client_certificate_or_trusting_another_authority_the_channel_is_refused()
    {
        var (certificate, key) = _clientAuthority.IssueClientFiles(_files, "interview");
        using var stranger = new TestAuthority("Someone else");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => GetAsync(new SpeechClientOptions
        {
            Address = _address,
            CertificateAuthorityPath = _serverAuthority.WritePem(_files),
        }));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => GetAsync(new SpeechClientOptions
        {
            Address = _address,
            CertificateAuthorityPath = stranger.WritePem(_files),
            ClientCertificatePath = certificate,
            ClientKeyPath = key,
        }));
    }

    public async ValueTask InitializeAsync()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var (certificate, key) = _serverAuthority.IssueServer(_files, "speech");
        var builder = WebApplication.CreateBuilder([
            "--Endpoints:BindAddress=127.0.0.1", "--Endpoints:HttpPort=0", $"--Endpoints:GrpcPort={port}",
            $"--Endpoints:Tls:CertificatePath={certificate}", $"--Endpoints:Tls:KeyPath={key}",
            $"--Endpoints:Tls:ClientCertificateAuthorityPath={_clientAuthority.WritePem(_files)}",
        ]);
        builder.AddServiceDefaults();
        _server = builder.Build();
        _server.MapGet("/", (HttpContext context) => context.Connection.ClientCertificate is null ? "one-way" : "mutual");
        await _server.StartAsync(Ct);
        _address = $"https://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _serverAuthority.Dispose();
        _clientAuthority.Dispose();
        _files.Delete(recursive: true);
    }

    // The Speech port speaks HTTP/2 only, as gRPC does.
    private async Task<string> GetAsync(SpeechClientOptions options)
    {
        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        using var client = new HttpClient(SpeechConnection.CreateHandler(options))
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        return await client.GetStringAsync(options.Address + "/", Ct);
    }
}
