using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Synthesis;
using Rehearse.Speech.V1;
using Rehearse.Testing;
using static Rehearse.Speech.FunctionalTests.Recognition.RecognitionClient;

namespace Rehearse.Speech.FunctionalTests.Hosting;

/// <summary>
/// Synthesize calls that are never read hold a bounded amount of managed memory (HTTP/2 flow control stops the
/// writes, and the engine queues at most <c>SentenceQueueCapacity</c> sentences of audio per call), and give it back
/// when they are cancelled. The native memory of their model runs, which the process would otherwise keep at its
/// peak, is given back when each call ends (<c>ReleaseMemoryAfterCall</c>), for unread calls, calls read to the end
/// and recognition streams alike. Reached over a socket, where flow control is real. The figures are written to
/// artifacts/test-results/synthesis-memory/ for docs/performance.md.
/// </summary>
[Collection(typeof(Synthesis.SynthesisCapacityCollection))]
public sealed class SynthesisMemoryTests(SocketSpeechService service) : IClassFixture<SocketSpeechService>
{
    private const long MiB = 1024 * 1024;

    private static readonly string[] Answer =
    [
        "I would start with the storage layer, because everything else depends on it.",
        "Writes go to a partitioned key value store, keyed by the short code.",
        "Reads are served from a cache in front of it, since they outnumber writes a hundred to one.",
        "Finally, I would measure the p99 latency under load before choosing anything more complex.",
    ];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calls_unread_read_or_recognizing_give_the_memory_of_their_model_runs_back_when_they_end()
    {
        var engine = service.Services.GetRequiredService<SpeechSynthesizer>();
        var calls = engine.Options.MaxConcurrentStreams;
        var text = string.Join(' ', Enumerable.Repeat("This long answer keeps the synthesizer busy with one sentence after another.", 60));
        var client = service.CreateSpeechClient();
        var speech = Linear16(SpokenAudio.SentencesWithPauses(TimeSpan.FromSeconds(0.5), Answer));
        // A first call of each kind warms the connection and the models, so that what follows measures the calls only.
        await ReadAllAsync(client, "Hello.");
        await StreamAsync(client, Linear16Config(), speech, 3_200, cancellationToken: Token);
        using var sampler = new WorkingSetSampler();
        var phases = new List<Phase> { sampler.End("before") };

        phases.Add(await HoldAndCancelAsync(client, engine, text, sampler, phases[0].Managed, "8 unread, cancelled"));
        phases.Add(await HoldAndCancelAsync(client, engine, text, sampler, phases[0].Managed, "8 unread, cancelled, again"));
        await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => ReadAllAsync(client, string.Join(' ', Answer))));
        phases.Add(sampler.End("8 read to the end"));
        await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => StreamAsync(client, Linear16Config(), speech, 3_200, cancellationToken: Token)));
        phases.Add(sampler.End("8 recognition streams"));

        var report = new StringBuilder()
            .Append(string.Create(CultureInfo.InvariantCulture, $"ReleaseMemoryAfterCall: synthesis {engine.Options.ReleaseMemoryAfterCall}, recognition {service.Services.GetRequiredService<IOptions<RecognitionOptions>>().Value.ReleaseMemoryAfterCall}; {calls} unread Synthesize calls of {text.Length} characters held 10 s, then cancelled (twice); "))
            .Append(string.Create(CultureInfo.InvariantCulture, $"{calls} calls of {Answer.Length} sentences read to the end; {calls} StreamingRecognize calls of {speech.Length / 32_000.0:0.0} s\n"))
            .Append("phase                         peak working set   after   managed after (MiB)\n");
        foreach (var phase in phases)
        {
            report.Append(string.Create(CultureInfo.InvariantCulture, $"{phase.Name,-30}{phase.PeakWorkingSet / MiB,16}{phase.WorkingSet / MiB,8}{phase.Managed / MiB,10}\n"));
        }
        await File.WriteAllTextAsync(Path.Combine(TestPaths.ArtifactsDirectory("synthesis-memory"), "unread-calls.txt"), report.ToString(), Token);
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());

        var before = phases[0];
        Assert.All(phases.Skip(1), phase => Assert.True(phase.Managed - before.Managed < 16 * MiB, report.ToString()));
        // Without the release the working set stayed 470 to 1,000 MiB above "before" after these phases; with it,
        // within 100 MiB. The bound leaves room for a noisy machine and for what the test process itself allocates.
        Assert.All(phases.Skip(1), phase => Assert.True(phase.WorkingSet - before.WorkingSet < 256 * MiB, report.ToString()));
    }

    private static async Task ReadAllAsync(SpeechService.SpeechServiceClient client, string text)
    {
        using var call = client.Synthesize(new SynthesizeRequest { Text = text }, cancellationToken: Token);
        while (await call.ResponseStream.MoveNext(Token))
        {
        }
    }

    private static async Task<Phase> HoldAndCancelAsync(
        SpeechService.SpeechServiceClient client, SpeechSynthesizer engine, string text, WorkingSetSampler sampler, long managedBefore, string name)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var unread = Enumerable.Range(0, engine.Options.MaxConcurrentStreams)
            .Select(_ => client.Synthesize(new SynthesizeRequest { Text = text }, cancellationToken: cancel.Token))
            .ToList();
        await WaitUntilAsync(() => engine.ActiveStreams == engine.Options.MaxConcurrentStreams);
        // Long enough for every call to fill its flow-control window and its sentence queue, and stop.
        await Task.Delay(TimeSpan.FromSeconds(10), Token);
        // Per call: a flow-control window or two of chunks and two queued sentences of a few MiB at most.
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - managedBefore < engine.Options.MaxConcurrentStreams * 8 * MiB);

        await cancel.CancelAsync();
        unread.ForEach(call => call.Dispose());
        // A call gives its memory back before its slot, so nothing is still to be released once every slot is free.
        await WaitUntilAsync(() => engine.ActiveStreams == 0);
        return sampler.End(name);
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

    private sealed record Phase(string Name, long PeakWorkingSet, long WorkingSet, long Managed);

    /// <summary>The process's working set, sampled every 50 ms, so each phase reports its peak.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private long _peak;

        public WorkingSetSampler()
        {
            _peak = Current();
            _sampling = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var now = Current();
                    long peak;
                    while (now > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
                    {
                    }
                    await Task.Delay(50).ConfigureAwait(false);
                }
            });
        }

        /// <summary>Ends a phase: its peak, then the working set and managed heap after a full collection.</summary>
        public Phase End(string name)
        {
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var now = Current();
            var peak = Math.Max(now, Interlocked.Exchange(ref _peak, now));
            return new Phase(name, peak, now, managed);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _sampling.GetAwaiter().GetResult();
            _stop.Dispose();
        }

        private static long Current()
        {
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }
    }
}
