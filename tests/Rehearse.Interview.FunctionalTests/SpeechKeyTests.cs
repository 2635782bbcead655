extern alias speech;

using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The Interview service presents its key (<c>Speech:ApiKey</c>) on every call to a Speech service that asks for
/// one; a key the Speech service refuses shows to the Interview service's callers as the Speech service being
/// unavailable, not as their own key refused.
/// </summary>
public sealed class SpeechKeyTests(SpeechServiceFixture speech) : IAsyncLifetime
{
    private const string Key = "interview-to-speech-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplicationFactory<speech::Program> _keyedSpeech = null!;
    private TestDatabase _database = null!;

    [Fact]
    public async Task With_the_key_the_voices_are_listed_and_a_preview_is_spoken()
    {
        await using var host = Interview(Key);
        var client = host.Client("test-" + Guid.NewGuid().ToString("N"), Transport.GrpcWeb);

        var voices = (await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: Ct)).Voices;
        Assert.NotEmpty(voices);
        var preview = await client.PreviewVoiceAsync(new PreviewVoiceRequest { Voice = voices[0].Id }, cancellationToken: Ct);

        Assert.True(preview.Wav.Length > 44, $"The preview is {preview.Wav.Length} bytes.");
    }

    [Fact]
    public async Task With_a_refused_key_the_speech_service_is_unavailable_to_the_caller()
    {
        await using var host = Interview("interview-to-speech-wrong-key");
        var client = host.Client("test-" + Guid.NewGuid().ToString("N"), Transport.GrpcWeb);

        var options = await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<RpcException>(
            () => client.PreviewVoiceAsync(new PreviewVoiceRequest { Voice = "any" }, cancellationToken: Ct).ResponseAsync);

        Assert.Empty(options.Voices);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    public async ValueTask InitializeAsync()
    {
        _keyedSpeech = speech.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Speech:Access:ApiKeys:0", Key);
            builder.UseSetting("Speech:Recognition:PreloadModels", "moonshine-tiny");
            builder.UseSetting("Speech:Recognition:DefaultModel", "moonshine-tiny");
        });
        _database = await TestDatabase.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _keyedSpeech.DisposeAsync();
        await _database.DisposeAsync();
    }

    private InterviewHost Interview(string key) =>
        new(_database.ConnectionString, () => _keyedSpeech.Server.CreateHandler(), new Dictionary<string, string?> { ["Speech:ApiKey"] = key });
}
