using System.Net;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.TestHost;
using Rehearse.Interview.Api.Identity;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// What a browser does for sign-in tests: keeps cookies, follows redirects between the in-process Interview service
/// (<c>http://localhost</c>) and a real loopback server (the identity provider), and calls gRPC-Web as the page does:
/// with its cookies and the page header.
/// </summary>
public sealed class BrowserSession(TestServer service) : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpMessageInvoker _serviceInvoker = new(service.CreateHandler());
    private readonly HttpMessageInvoker _network = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>Every address visited by the last <see cref="NavigateAsync"/>, in order.</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>Requests <paramref name="path"/> of the service and follows redirects; returns the last response.</summary>
    public async Task<HttpResponseMessage> NavigateAsync(string path, int maxRedirects = 10)
    {
        Visited.Clear();
        var uri = new Uri(service.BaseAddress, path);
        for (var i = 0; ; i++)
        {
            var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, uri));
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther) || i == maxRedirects)
            {
                return response;
            }
            uri = new Uri(uri, response.Headers.Location!);
        }
    }

    /// <summary>One request with this browser's cookies, not following redirects.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        Visited.Add(uri);
        if (_cookies.GetCookieHeader(uri) is { Length: > 0 } cookies)
        {
            request.Headers.Add("Cookie", cookies);
        }
        var invoker = uri.Host == service.BaseAddress.Host ? _serviceInvoker : _network;
        var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                _cookies.SetCookies(uri, setCookie);
            }
        }
        return response;
    }

    /// <summary>Whether the service set its sign-in cookie in this browser.</summary>
    public bool HasSignInCookie => _cookies.GetCookies(service.BaseAddress).Any(c => c.Name.StartsWith("rehearse.auth", StringComparison.Ordinal));

    /// <summary>A POST from the page to the service (with the page header unless told not to).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, bool fromPage = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service.BaseAddress, path));
        if (fromPage)
        {
            request.Headers.Add(SignIn.PageHeader, "web");
        }
        return SendAsync(request);
    }

    /// <summary>The Interview service over gRPC-Web as the page calls it: this browser's cookies, no API key.</summary>
    public InterviewService.InterviewServiceClient PageClient(bool withPageHeader = true)
    {
        var channel = GrpcChannel.ForAddress(service.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new PageHandler(this, withPageHeader)),
            HttpVersion = HttpVersion.Version11,
        });
        return new InterviewService.InterviewServiceClient(channel);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _serviceInvoker.Dispose();
        _network.Dispose();
    }

    private sealed class PageHandler(BrowserSession browser, bool withPageHeader) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (withPageHeader)
            {
                request.Headers.Add(SignIn.PageHeader, "web");
            }
            return browser.SendAsync(request);
        }
    }
}
