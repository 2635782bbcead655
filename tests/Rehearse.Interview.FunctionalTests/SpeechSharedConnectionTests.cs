using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.Core.Speech;
using Rehearse.Testing.Fuzzing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The Interview service's one connection to the Speech service carries every session's recognition and synthesis,
/// over a real socket here: nothing one session does to its own calls may fail another's.
/// </summary>
public sealed class SpeechSharedConnectionTests(SpeechServiceFixture speech)
{
    [Fact]
    public async Task A_session_whose_audio_the_Speech_service_refuses_leaves_the_connection_other_sessions_share_working()
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(3));
        var ct = bounded.Token;
        // A Speech service configured for smaller messages than the Interview service sends: it refuses a message as
        // soon as its length arrives, while the rest may still be on its way.
        var (speechHost, speechAddress) = LoopbackHost.Start(speech.WithWebHostBuilder(builder => builder
            .UseSetting("Speech:MaxReceiveMessageBytes", "73728")
            .UseSetting("Speech:Recognition:MaxMessageBytes", "8192")));
        await using var _ = speechHost;
        await using var database = await TestDatabase.CreateAsync();
        // The service's own connection to Speech, as deployed: one HTTP/2 connection over a socket.
        await using var interview = new InterviewHost(database.ConnectionString, () => SpeechConnection.CreateHandler(new SpeechClientOptions()),
            new Dictionary<string, string?> { ["Speech:Address"] = speechAddress.ToString() });
        var gateway = interview.Services.GetRequiredService<ISpeechPort>();
        var format = new CandidateAudioFormat(16_000, Float32: false);
        var turns = new TurnDetectionSettings(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(3));
        await using var other = await gateway.OpenRecognitionAsync(format, TimeSpan.FromMinutes(2), turns, ct);
        // As much audio as the Interview service takes from its client in one message (1 MiB).
        var chunk = new byte[1024 * 1024];

        for (var i = 0; i < 20; i++)
        {
            await using var refused = await gateway.OpenRecognitionAsync(format, TimeSpan.FromMinutes(2), turns, ct);
            // As a session does, its recognition events are read while its audio is sent.
            var events = Assert.ThrowsAsync<SpeechUnavailableException>(async () =>
            {
                await foreach (var _1 in refused.ReadAllAsync(ct))
                {
                }
            });
            await refused.WriteAsync(chunk, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            await events;
            // The other session keeps sending its audio throughout.
            await other.WriteAsync(new byte[3_200], ct);
        }

        await other.CompleteAsync();
        await foreach (var _2 in other.ReadAllAsync(ct))
        {
        }
    }
}
