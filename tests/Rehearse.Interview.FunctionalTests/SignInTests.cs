using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Rehearse.Interview.Api.Identity;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// Operator-required sign-in against a loopback OpenID Connect provider: the page sends people to the provider,
/// the code flow signs them in, the cookie identifies the page's gRPC-Web calls, the same person is the same user
/// on every sign-in, anonymous keys are refused, and bad tokens sign nobody in.
/// </summary>
public sealed class SignInTests(SpeechServiceFixture speech) : IAsyncLifetime
{
    private LoopbackIdentityProvider _provider = null!;
    private TestDatabase _database = null!;
    private InterviewHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _provider = await LoopbackIdentityProvider.StartAsync();
        _database = await TestDatabase.CreateAsync();
        _host = new InterviewHost(_database.ConnectionString, speech, new Dictionary<string, string?>
        {
            ["Identity:OpenIdConnect:Authority"] = _provider.Issuer,
            ["Identity:OpenIdConnect:ClientId"] = LoopbackIdentityProvider.ClientId,
            ["Identity:OpenIdConnect:ClientSecret"] = LoopbackIdentityProvider.ClientSecret,
            ["RateLimits:KeyIssueBurst"] = "3",
            ["RateLimits:KeyIssuePerMinute"] = "1",
        });
        _ = _host.Server; // starts the service
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_page_request_without_sign_in_is_sent_to_the_provider()
    {
        using var browser = new BrowserSession(_host.Server);
        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Server.BaseAddress, "/history")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith($"{_provider.Issuer}/authorize?", location.ToString(), StringComparison.Ordinal);
        Assert.Contains($"client_id={LoopbackIdentityProvider.ClientId}", location.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location.Query, StringComparison.Ordinal);

        // The account API answers without a redirect, so the page can tell what to do.
        var status = await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Server.BaseAddress, "/account"))))
            .Content.ReadFromJsonAsync<SignIn.AccountStatus>(Ct);
        Assert.Equal(new SignIn.AccountStatus("openid-connect", false, null), status);
    }

    [Fact]
    public async Task The_code_flow_signs_in_the_page_calls_as_that_user_and_the_same_person_is_the_same_user_next_time()
    {
        using var first = new BrowserSession(_host.Server);
        var landed = await first.NavigateAsync("/history");
        Assert.Contains(first.Visited, uri => uri.AbsolutePath == "/authorize");
        Assert.Contains(first.Visited, uri => uri.AbsolutePath == "/signin-oidc");
        Assert.Equal("/history", first.Visited[^1].AbsolutePath);
        Assert.NotEqual(HttpStatusCode.Unauthorized, landed.StatusCode);
        Assert.True(first.HasSignInCookie);
        Assert.Equal(1, _provider.TokensIssued);

        var status = await (await first.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Server.BaseAddress, "/account"))))
            .Content.ReadFromJsonAsync<SignIn.AccountStatus>(Ct);
        Assert.Equal(new SignIn.AccountStatus("openid-connect", true, _provider.Name), status);

        var created = (await first.PageClient().CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session;

        // Another browser, the same person: the same user, who sees the session.
        using var second = new BrowserSession(_host.Server);
        await second.NavigateAsync("/");
        Assert.True(second.HasSignInCookie);
        var listed = await second.PageClient().ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
        Assert.Equal([created.Id], listed.Sessions.Select(s => s.Id));

        // Another person does not.
        _provider.Subject = "person-2";
        using var other = new BrowserSession(_host.Server);
        await other.NavigateAsync("/");
        Assert.Empty((await other.PageClient().ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct)).Sessions);

        // Without the page header the cookie does not count (a cross-site request could not add the header).
        var error = await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => first.PageClient(withPageHeader: false).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Contains("No API key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_person_gets_a_key_for_the_command_line_and_anonymous_keys_are_refused()
    {
        var anonymous = await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => _host.Client("test-" + Guid.NewGuid().ToString("N")).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Contains("not registered", anonymous, StringComparison.Ordinal);

        using var browser = new BrowserSession(_host.Server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/account/key")).StatusCode);
        await browser.NavigateAsync("/");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/account/sign-out", fromPage: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/account/key", fromPage: false)).StatusCode);

        var created = (await browser.PageClient().CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session;
        var key = (await (await browser.PostAsync("/account/key")).Content.ReadFromJsonAsync<SignIn.IssuedKey>(Ct))!.Key;
        Assert.True(ApiKey.IsWellFormed(key), key);
        var asCli = _host.Client(key);
        Assert.Equal([created.Id], (await asCli.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct)).Sessions.Select(s => s.Id));

        // A new key replaces the old one at once.
        var newKey = (await (await browser.PostAsync("/account/key")).Content.ReadFromJsonAsync<SignIn.IssuedKey>(Ct))!.Key;
        Assert.NotEqual(key, newKey);
        await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => asCli.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Single((await _host.Client(newKey).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct)).Sessions);

        // Issuing keys is rate-limited per person: the third of a burst of three is issued, the fourth waits.
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/account/key")).StatusCode);
        var refused = await browser.PostAsync("/account/key");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("RateLimits:KeyIssueBurst", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

                // Signing out forgets the cookie: the page goes back to the provider.
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/account/sign-out")).StatusCode);
        Assert.False(browser.HasSignInCookie);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Server.BaseAddress, "/")))).StatusCode);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    public async Task A_bad_id_token_signs_nobody_in(string fault)
    {
        _provider.ForgeTokens = fault == "forged";
        _provider.ExpireTokens = fault == "expired";
        using var browser = new BrowserSession(_host.Server);
        var response = await browser.NavigateAsync("/");

        Assert.Equal(1, _provider.TokensIssued);
        Assert.Equal("/signin-oidc", browser.Visited[^1].AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign-in failed", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(browser.HasSignInCookie);
        var error = await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => browser.PageClient().ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Contains("reload the page to sign in", error, StringComparison.Ordinal);
    }
}
