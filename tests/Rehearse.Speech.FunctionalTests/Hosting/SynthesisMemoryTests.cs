using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Speech.FunctionalTests.Hosting;

/// <summary>
/// Synthesize calls that are never read hold a bounded amount of managed memory (HTTP/2 flow control stops the
/// writes, and the engine queues at most <c>SentenceQueueCapacity</c> sentences of audio per call), and give it back
/// when they are cancelled; the native memory of their voice runs is given back too. Reached over a socket, where flow control is real. The figures are written to
/// artifacts/test-results/synthesis-memory/ for docs/performance.md.
/// </summary>
[Collection(typeof(Synthesis.SynthesisCapacityCollection))]
public sealed class SynthesisMemoryTests(SocketSpeechService service) : IClassFixture<SocketSpeechService>
{
    private const long MiB = 1024 * 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unread_synthesize_calls_at_the_limit_hold_bounded_memory_and_release_it_when_cancelled()
    {
        var engine = service.Services.GetRequiredService<SpeechSynthesizer>();
        var text = string.Join(' ', Enumerable.Repeat("This long answer keeps the synthesizer busy with one sentence after another.", 60));
        var client = service.CreateSpeechClient();
        // A first call warms the connection and the voice, so that what follows measures the unread calls only.
        using (var warm = client.Synthesize(new SynthesizeRequest { Text = "Hello." }, cancellationToken: Token))
        {
            while (await warm.ResponseStream.MoveNext(Token))
            {
            }
        }
        var before = Measure();

        var (during, after) = await HoldAndCancelAsync(client, engine, text);
        var (againDuring, againAfter) = await HoldAndCancelAsync(client, engine, text);

        var report = string.Create(CultureInfo.InvariantCulture,
            $"{engine.Options.MaxConcurrentStreams} unread Synthesize calls of {text.Length} characters held 10 s, then cancelled; twice\n" +
            $"                 managed heap   working set\n" +
            $"before           {before.Managed / MiB,8} MiB  {before.WorkingSet / MiB,8} MiB\n" +
            $"during           {during.Managed / MiB,8} MiB  {during.WorkingSet / MiB,8} MiB\n" +
            $"after            {after.Managed / MiB,8} MiB  {after.WorkingSet / MiB,8} MiB\n" +
            $"during, again    {againDuring.Managed / MiB,8} MiB  {againDuring.WorkingSet / MiB,8} MiB\n" +
            $"after, again     {againAfter.Managed / MiB,8} MiB  {againAfter.WorkingSet / MiB,8} MiB\n");
        await File.WriteAllTextAsync(Path.Combine(TestPaths.ArtifactsDirectory("synthesis-memory"), "unread-calls.txt"), report, Token);
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        // Per call: a flow-control window or two of chunks and two queued sentences of a few MiB at most.
        Assert.True(during.Managed - before.Managed < engine.Options.MaxConcurrentStreams * 8 * MiB, report);
        Assert.True(after.Managed - before.Managed < 16 * MiB, report);
        Assert.True(againAfter.Managed - before.Managed < 16 * MiB, report);
        // Native memory (ONNX Runtime's arena, the C allocator) is given back after each voice run
        // (ReleaseMemoryAfterRun), so two rounds leave the process near its size before them; without that it grew by
        // 900 MiB over the two rounds, and with arena shrinkage alone by about 500 MiB.
        Assert.True(againAfter.WorkingSet - before.WorkingSet < 256 * MiB, report);
    }

    private static async Task<((long Managed, long WorkingSet) During, (long Managed, long WorkingSet) After)> HoldAndCancelAsync(
        SpeechService.SpeechServiceClient client, SpeechSynthesizer engine, string text)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var unread = Enumerable.Range(0, engine.Options.MaxConcurrentStreams)
            .Select(_ => client.Synthesize(new SynthesizeRequest { Text = text }, cancellationToken: cancel.Token))
            .ToList();
        await WaitUntilAsync(() => engine.ActiveStreams == engine.Options.MaxConcurrentStreams);
        // Long enough for every call to fill its flow-control window and its sentence queue, and stop.
        await Task.Delay(TimeSpan.FromSeconds(10), Token);
        var during = Measure();

        await cancel.CancelAsync();
        unread.ForEach(call => call.Dispose());
        await WaitUntilAsync(() => engine.ActiveStreams == 0);
        return (during, Measure());
    }

    private static (long Managed, long WorkingSet) Measure()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (managed, process.WorkingSet64);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the condition did not hold within 30 s");
            await Task.Delay(20, Token);
        }
    }
}
