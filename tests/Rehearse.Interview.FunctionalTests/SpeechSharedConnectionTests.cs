using System.Diagnostics;
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
        // The other session keeps sending its audio throughout, 100 ms at a time as a microphone does, so only a broken
        // connection (not a slow refusal on a loaded machine) can make the Speech service miss it.
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sending = Task.Run(async () =>
        {
            while (!stopSending.IsCancellationRequested)
            {
                await other.WriteAsync(new byte[3_200], ct);
                await Task.Delay(100, stopSending.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }, ct);
        // As much audio as the Interview service takes from its client in one message (1 MiB).
        var chunk = new byte[1024 * 1024];
        var slowest = TimeSpan.Zero;
        var stuck = 0;

        for (var i = 0; i < 20 && !sending.IsCompleted; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var refused = await gateway.OpenRecognitionAsync(format, TimeSpan.FromMinutes(2), turns, ct);
            // As a session does, its recognition events are read while its audio is sent.
            var events = Assert.ThrowsAsync<SpeechUnavailableException>(async () =>
            {
                await foreach (var _1 in refused.ReadAllAsync(ct))
                {
                }
            });
            var wrote = refused.WriteAsync(chunk, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            if (await Task.WhenAny(wrote, Task.Delay(TimeSpan.FromSeconds(10), ct)) == wrote)
            {
                await events;
            }
            else
            {
                // Now and then (about one refused 1 MiB message in 200) the write waits until the call's deadline instead
                // of failing: a known issue of this call alone (docs/operations.md). Give it up: the point here is the other one.
                stuck++;
                await refused.DisposeAsync();
                await Record.ExceptionAsync(() => events);
            }
            var took = Stopwatch.GetElapsedTime(started);
            slowest = took > slowest ? took : slowest;
        }
        await stopSending.CancelAsync();
        var sent = await Record.ExceptionAsync(() => sending);

        Assert.True(sent is null, $"The other session's audio failed (the slowest refused call took {slowest.TotalSeconds:0.0} s, {stuck} given up): {sent}");
        await other.CompleteAsync();
        await foreach (var _2 in other.ReadAllAsync(ct))
        {
        }
    }
}
