using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The page, its files, a missing file and the gRPC-Web answers carry the headers that hold a browser to what the
/// page does: a strict Content-Security-Policy, no sniffing, no referrer, the microphone for the page only.
/// </summary>
public sealed class SecurityHeadersTests(SpeechServiceFixture speech) : InterviewServiceTest(speech, new Dictionary<string, string?>
{
    ["Web:RootPath"] = WebRoot.Path,
})
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", HttpStatusCode.OK, "text/html")]
    [InlineData("/app.js", HttpStatusCode.OK, "text/javascript")]
    [InlineData("/missing.js", HttpStatusCode.NotFound, null)]
    public async Task The_page_its_files_and_a_404_carry_the_policies(string path, HttpStatusCode status, string? contentType)
    {
        using var client = Host.CreateClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(status, response.StatusCode);
        if (contentType is not null)
        {
            Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        }
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.StartsWith("microphone=(self),", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        // Plain HTTP: HSTS would be ignored, and on a loopback name it would pin every local server to HTTPS.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Over_https_to_a_real_name_the_page_asks_for_https_from_then_on()
    {
        using var client = Host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://rehearse.example") });

        using var response = await client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_grpc_web_answer_is_not_sniffed_and_carries_no_page_policies()
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rehearse.interview.v1.InterviewService/GetSetupOptions")
        {
            // One empty, uncompressed message in gRPC-Web framing.
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web");
        request.Headers.Add("x-api-key", NewKey());

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc-web", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : throw new Xunit.Sdk.XunitException($"no {name} header");

    /// <summary>A stand-in for the built web client: a page and a script.</summary>
    private static class WebRoot
    {
        public static string Path { get; } = Create();

        private static string Create()
        {
            var root = Directory.CreateTempSubdirectory("rehearse-web-").FullName;
            File.WriteAllText(System.IO.Path.Combine(root, "index.html"), "<!doctype html><title>Rehearse</title><script type=\"module\" src=\"app.js\"></script>");
            File.WriteAllText(System.IO.Path.Combine(root, "app.js"), "console.log('rehearse');");
            return root;
        }
    }
}
