using System.Globalization;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Bursts beyond the configured rates are refused with RESOURCE_EXHAUSTED and a retry hint, per key or address.</summary>
public sealed class RateLimitTests(SpeechServiceFixture speech) : InterviewServiceTest(speech, new Dictionary<string, string?>
{
    ["RateLimits:SessionCreationBurst"] = "3",
    ["RateLimits:SessionCreationPerMinute"] = "1",
    ["RateLimits:AudioMessageBurst"] = "4",
    ["RateLimits:AudioMessagePerMinute"] = "1",
    ["RateLimits:UserCreationBurst"] = "3",
    ["RateLimits:UserCreationPerMinute"] = "1",
})
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Transport.Grpc)]
    [InlineData(Transport.GrpcWeb)]
    public async Task Sessions_beyond_the_burst_are_refused_with_a_retry_hint_and_another_key_is_unaffected(Transport transport)
    {
        var client = Host.Client(NewKey(), transport);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct);
        }

        var refusal = await Assert.ThrowsAsync<RpcException>(
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        Assert.Contains("sessions created", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("RateLimits:SessionCreationBurst", refusal.Status.Detail, StringComparison.Ordinal);
        // One token a minute: the next comes within the minute.
        var seconds = int.Parse(refusal.Trailers.GetValue("retry-after")!, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        Assert.Contains($"retry in {seconds} s", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(seconds * 1000, int.Parse(refusal.Trailers.GetValue("grpc-retry-pushback-ms")!, CultureInfo.InvariantCulture));

        // Reading is not limited, and another key has a bucket of its own.
        await client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
        await Host.Client(NewKey(), transport).CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct);
    }

    [Fact]
    public async Task Audio_beyond_the_burst_is_refused_for_SendAudio_and_ends_a_Converse_stream()
    {
        var key = NewKey();
        var client = Host.Client(key);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session;
        var chunk = ByteString.CopyFrom(new byte[3200]);
        for (var i = 1; i <= 4; i++)
        {
            try
            {
                await client.SendAudioAsync(new SendAudioRequest { SessionId = session.Id, Audio = chunk, ChunkSequence = i }, cancellationToken: Ct);
            }
            catch (RpcException e)
            {
                // The session is not listening yet; what matters is that the audio was let through to it.
                Assert.NotEqual(StatusCode.ResourceExhausted, e.StatusCode);
            }
        }
        var error = await InterviewScript.FailsWith(StatusCode.ResourceExhausted, () => client.SendAudioAsync(
            new SendAudioRequest { SessionId = session.Id, Audio = chunk, ChunkSequence = 5 }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("audio messages", error, StringComparison.Ordinal);

        // The same key's bucket is empty for Converse audio too.
        using var converse = client.Converse(cancellationToken: Ct);
        await converse.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = session.Id } }, Ct);
        await converse.RequestStream.WriteAsync(new ConverseRequest { Audio = chunk }, Ct);
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await converse.ResponseStream.MoveNext(Ct))
            {
            }
        });
        Assert.Equal(StatusCode.ResourceExhausted, ended.StatusCode);
        Assert.NotNull(ended.Trailers.GetValue("retry-after"));
    }

    [Fact]
    public async Task New_keys_are_limited_per_client_address_while_known_keys_keep_working()
    {
        var office = IPAddress.Parse("192.0.2.10");
        var known = NewKey();
        await Host.Client(known, clientAddress: office).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
        for (var i = 0; i < 2; i++)
        {
            await Host.Client(NewKey(), clientAddress: office).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
        }

        var error = await InterviewScript.FailsWith(StatusCode.ResourceExhausted,
            () => Host.Client(NewKey(), clientAddress: office).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Contains("new API keys from this client address", error, StringComparison.Ordinal);
        Assert.Contains("retry in", error, StringComparison.Ordinal);

        await Host.Client(known, clientAddress: office).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
        await Host.Client(NewKey(), clientAddress: IPAddress.Parse("198.51.100.7")).ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct);
    }
}

/// <summary>A user may keep a bounded number of sessions.</summary>
public sealed class SessionCapTests(SpeechServiceFixture speech) : InterviewServiceTest(speech, new Dictionary<string, string?>
{
    ["RateLimits:MaxSessionsPerUser"] = "2",
})
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateSession_beyond_the_cap_is_refused_until_an_old_session_is_deleted()
    {
        var client = Host.Client("test-" + Guid.NewGuid().ToString("N"), Transport.GrpcWeb);
        var first = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session;
        await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct);

        var error = await InterviewScript.FailsWith(StatusCode.ResourceExhausted,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("2 stored sessions", error, StringComparison.Ordinal);
        Assert.Contains("delete old sessions", error, StringComparison.Ordinal);
        await Host.Client("test-" + Guid.NewGuid().ToString("N")).CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct);

        await client.DeleteSessionAsync(new DeleteSessionRequest { SessionId = first.Id }, cancellationToken: Ct);
        await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct);
        Assert.Equal(2, (await client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct)).Sessions.Count);
    }
}

/// <summary>Voice previews are synthesized once per voice.</summary>
public sealed class VoicePreviewCacheTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_voice_preview_is_synthesized_once_and_served_from_the_cache_while_speech_is_down()
    {
        var client = Host.Client("test-" + Guid.NewGuid().ToString("N"), Transport.GrpcWeb);
        var voices = (await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: Ct)).Voices;
        Assert.True(voices.Count >= 2, $"The Speech service lists {voices.Count} voices.");
        var first = await client.PreviewVoiceAsync(new PreviewVoiceRequest { Voice = voices[0].Id }, cancellationToken: Ct);
        Assert.True(first.Wav.Length > 44);

        Host.SpeechDown = true;
        var again = await client.PreviewVoiceAsync(new PreviewVoiceRequest { Voice = voices[0].Id }, cancellationToken: Ct);
        Assert.Equal(first.Wav, again.Wav);
        // A voice not previewed before needs the Speech service, which is down.
        await InterviewScript.FailsWith(StatusCode.Unavailable,
            () => client.PreviewVoiceAsync(new PreviewVoiceRequest { Voice = voices[1].Id }, cancellationToken: Ct).ResponseAsync);

        // The failure was not kept: with the Speech service back, that voice is previewed.
        Host.SpeechDown = false;
        Assert.True((await client.PreviewVoiceAsync(new PreviewVoiceRequest { Voice = voices[1].Id }, cancellationToken: Ct)).Wav.Length > 44);
    }
}
