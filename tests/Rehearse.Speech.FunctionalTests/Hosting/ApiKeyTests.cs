using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Hosting;
using Rehearse.Speech.V1;

namespace Rehearse.Speech.FunctionalTests.Hosting;

/// <summary>A Speech service that asks for an API key (<c>Speech:Access:ApiKeys</c>).</summary>
public sealed class KeyedSpeechService(SpeechServiceFixture service) : ConfiguredSpeechService(service, new Dictionary<string, string>
{
    ["Speech:Access:ApiKeys:0"] = ApiKeyTests.OldKey,
    ["Speech:Access:ApiKeys:1"] = ApiKeyTests.Key,
    ["Speech:Recognition:PreloadModels"] = "moonshine-tiny",
    ["Speech:Recognition:DefaultModel"] = "moonshine-tiny",
});

/// <summary>With keys configured, the Speech rpcs answer only callers that present one; health checks stay open.</summary>
public sealed class ApiKeyTests(KeyedSpeechService service, SpeechServiceFixture unconfigured) : IClassFixture<KeyedSpeechService>
{
    public const string Key = "speech-key-0123456789abcdef";
    public const string OldKey = "speech-key-retiring-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_without_a_key_is_unauthenticated_and_told_where_the_key_goes()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => service.CreateSpeechClient().ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("The Speech service needs an API key: send it in the 'x-api-key' metadata header.", error.Status.Detail);
    }

    [Fact]
    public async Task A_call_with_a_wrong_key_is_unauthenticated_streams_too()
    {
        var headers = new Metadata { { "x-api-key", "speech-key-wrong-0123456789" } };

        var unary = await Assert.ThrowsAsync<RpcException>(
            () => service.CreateSpeechClient().ListVoicesAsync(new ListVoicesRequest(), headers, cancellationToken: Ct).ResponseAsync);
        using var synthesis = service.CreateSpeechClient().Synthesize(new SynthesizeRequest { Text = "Hello." }, headers, cancellationToken: Ct);
        var streaming = await Assert.ThrowsAsync<RpcException>(() => synthesis.ResponseStream.MoveNext(Ct));

        foreach (var error in new[] { unary, streaming })
        {
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
            Assert.Equal("The API key in 'x-api-key' is not one the Speech service accepts.", error.Status.Detail);
        }
    }

    [Theory]
    [InlineData(Key)]
    [InlineData(OldKey)]
    public async Task A_call_with_a_configured_key_is_served(string key)
    {
        var headers = new Metadata { { "x-api-key", key } };

        var voices = await service.CreateSpeechClient().ListVoicesAsync(new ListVoicesRequest(), headers, cancellationToken: Ct);
        using var synthesis = service.CreateSpeechClient().Synthesize(new SynthesizeRequest { Text = "Hello." }, headers, cancellationToken: Ct);

        Assert.NotEmpty(voices.Voices);
        Assert.True(await synthesis.ResponseStream.MoveNext(Ct));
    }

    [Fact]
    public async Task Health_checks_need_no_key()
    {
        var response = await new Health.HealthClient(service.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Ct);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Theory]
    [InlineData("Speech:Access:ApiKeys:0", "short", "Speech:Access:ApiKeys:0 must be 16 to 128 characters")]
    [InlineData("Endpoints:BindAddress", "0.0.0.0", "Speech:Access:ApiKeys is empty while Endpoints:BindAddress lets other machines connect")]
    public void A_bad_or_unsafe_access_setting_stops_the_start_naming_the_setting(string key, string value, string expected)
    {
        using var host = unconfigured.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var error = Assert.ThrowsAny<Exception>(() => host.Server);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
