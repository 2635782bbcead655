// Measures how many of the "uh"/"um" fillers in the reference transcripts of the shared recordings the speech
// analytics catch: from the recognizer's transcript alone, and with the voiced hesitations that the Speech service's
// acoustic features report. Clips whose references have no fillers (read speech) show the detector's false alarms.
// Each clip takes the Interview service's path: streamed to the recognizer with acoustic features on, one final
// result per utterance, empty finals left out, then the analyzer (interim results, which the service also asks for,
// do not change the finals and are left off). Last, the acoustic analysis of every final's audio is timed alone.
//
//   bench/run fillers [moonshine-base|moonshine-tiny]
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Interview.Interviewers.Text;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Acoustics;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Testing;

var clips = SpeechCorpus.Load();
if (clips is null)
{
    Console.Error.WriteLine("The shared recordings (../shared/testdata/speech) are not on this machine; nothing to measure.");
    return 1;
}

var model = args.Length > 0 ? args[0] : RecognitionModelCatalog.MoonshineBase;
using var engine = new SpeechRecognitionEngine(
    new RecognitionOptions { DefaultModel = model, PreloadModels = model, IntraOpThreads = Environment.ProcessorCount },
    TestPaths.ModelsDirectory);
var analyzer = new SpeechAnalyzer(new SpeechAnalyticsOptions { DetectAudioHesitations = true });
var settings = new RecognitionSettings(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, AcousticAnalyzer.SampleRate), Model: model, AcousticFeatures: true);
var acoustics = new AcousticAnalyzer(new AcousticsOptions());

var rows = new List<Row>();
var timings = new List<(TimeSpan Audio, TimeSpan Cpu, TimeSpan Wall)>();
var shortUtterance = TimeSpan.FromMilliseconds(800);
var emptyFinalHesitations = 0;
foreach (var clip in clips)
{
    var wav = WavFile.Read(File.ReadAllBytes(clip.File));
    if (wav.SourceFormat.SampleRate != AcousticAnalyzer.SampleRate)
    {
        throw new InvalidOperationException($"{clip.Name}: expected 16 kHz audio, got {wav.SourceFormat.SampleRate} Hz.");
    }

    var finals = await StreamFinalsAsync(wav.Samples);
    var segments = finals.Where(f => !string.IsNullOrWhiteSpace(f.Text))
        .Select(f => new AnswerSegment(f.Text.Trim(), f.StartOffset, f.EndOffset, f.Acoustics!.Hesitations.Count)).ToArray();
    emptyFinalHesitations += finals.Where(f => string.IsNullOrWhiteSpace(f.Text)).Sum(f => f.Acoustics!.Hesitations.Count);
    var analytics = analyzer.Analyze(segments, TimeSpan.FromSeconds(clip.DurationSeconds));
    timings.AddRange(finals.Select(f => TimeAcoustics(wav.Samples, f)));
    var written = analytics.Fillers.Where(f => f.Filler is "uh" or "um").Sum(f => f.Count);
    // A short utterance the recognizer heard as nothing or as a filler alone would be a hesitation signal of its own.
    var shortHesitant = finals.Count(f => f.EndOffset - f.StartOffset <= shortUtterance && TextTokens.Words(f.Text).All(w => w is "uh" or "um"));
    rows.Add(new Row(clip.Name, clip.Category, ReferenceFillers(clip.Reference), written, written + analytics.AudioHesitationCount, shortHesitant));
}

Console.WriteLine($"Filler recall (\"uh\"/\"um\") with {model}; counts per clip, caught = min(detected, reference).");
Console.WriteLine();
Console.WriteLine("| clip | category | reference | transcript only | transcript + audio |");
Console.WriteLine("|---|---|---:|---:|---:|");
foreach (var row in rows.Where(r => r.Reference > 0 || r.Category == "spontaneous"))
{
    Console.WriteLine($"| {row.Name} | {row.Category} | {row.Reference} | {row.Transcript} | {row.Combined} |");
}

var withFillers = rows.Where(r => r.Reference > 0).ToArray();
var reference = withFillers.Sum(r => r.Reference);
var transcriptCaught = withFillers.Sum(r => Math.Min(r.Transcript, r.Reference));
var combinedCaught = withFillers.Sum(r => Math.Min(r.Combined, r.Reference));
var spontaneousExcess = rows.Where(r => r.Category == "spontaneous").Sum(r => Math.Max(0, r.Combined - r.Reference));
var fillerFree = rows.Where(r => r.Reference == 0 && r.Category != "spontaneous").ToArray();
var falseAlarms = fillerFree.Sum(r => r.Combined);
Console.WriteLine();
Console.WriteLine("| measure | transcript only | transcript + audio |");
Console.WriteLine("|---|---:|---:|");
Console.WriteLine($"| recall on {withFillers.Length} clips with {reference} reference fillers | {Percent(transcriptCaught, reference)} ({transcriptCaught}) | {Percent(combinedCaught, reference)} ({combinedCaught}) |");
Console.WriteLine($"| detections beyond the reference count, spontaneous clips | {rows.Where(r => r.Category == "spontaneous").Sum(r => Math.Max(0, r.Transcript - r.Reference))} | {spontaneousExcess} |");
Console.WriteLine($"| false alarms on {fillerFree.Length} read clips without fillers ({fillerFree.Sum(r => clips.Single(c => c.Name == r.Name).DurationSeconds):0} s) | {fillerFree.Sum(r => r.Transcript)} | {falseAlarms} |");
Console.WriteLine();
Console.WriteLine($"Utterances of at most {shortUtterance.TotalMilliseconds:0} ms decoded as nothing or a filler alone: "
    + $"{rows.Where(r => r.Category == "spontaneous").Sum(r => r.ShortHesitant)} on the spontaneous clips, {fillerFree.Sum(r => r.ShortHesitant)} on the read clips.");
Console.WriteLine($"Hesitations in finals decoded as nothing (which the analytics leave out with their final): {emptyFinalHesitations}.");

var audioSeconds = timings.Sum(t => t.Audio.TotalSeconds);
Console.WriteLine();
Console.WriteLine($"Acoustic features of {timings.Count} utterances ({audioSeconds:0} s of audio, {audioSeconds / timings.Count:0.0} s on average, "
    + $"the longest {timings.Max(t => t.Audio.TotalSeconds):0.0} s), one thread:");
Console.WriteLine();
Console.WriteLine("| time | per utterance, median | 95th percentile | longest | per second of audio |");
Console.WriteLine("|---|---:|---:|---:|---:|");
TimingRow("CPU time of the thread", timings.Select(t => t.Cpu));
TimingRow("wall clock", timings.Select(t => t.Wall));
return 0;

void TimingRow(string name, IEnumerable<TimeSpan> times)
{
    var milliseconds = times.Select(t => t.TotalMilliseconds).Order().ToArray();
    Console.WriteLine($"| {name} | {milliseconds[milliseconds.Length / 2]:0.0} ms | {milliseconds[(int)(milliseconds.Length * 0.95)]:0.0} ms "
        + $"| {milliseconds[^1]:0.0} ms | {milliseconds.Sum() / audioSeconds:0.00} ms |");
}

// Times the acoustic analysis of one final's audio on its own, best of five: the thread's CPU time (what the
// analysis costs, whatever else the machine runs) and the wall clock.
(TimeSpan Audio, TimeSpan Cpu, TimeSpan Wall) TimeAcoustics(float[] samples, TranscriptEvent final)
{
    var start = (int)(final.StartOffset.TotalSeconds * AcousticAnalyzer.SampleRate);
    var end = Math.Min(samples.Length, (int)(final.EndOffset.TotalSeconds * AcousticAnalyzer.SampleRate));
    var (cpu, wall) = (TimeSpan.MaxValue, TimeSpan.MaxValue);
    for (var run = 0; run < 5; run++)
    {
        var cpuStart = ThreadCpuTime.Now();
        var watch = Stopwatch.StartNew();
        acoustics.Analyze(samples.AsSpan(start, end - start), final.StartOffset, Range.All, final.Acoustics!.SpeechDuration);
        wall = watch.Elapsed < wall ? watch.Elapsed : wall;
        var used = ThreadCpuTime.Now() - cpuStart;
        cpu = used < cpu ? used : cpu;
    }
    return (final.EndOffset - final.StartOffset, cpu, wall);
}

async Task<IReadOnlyList<TranscriptEvent>> StreamFinalsAsync(float[] samples)
{
    var pcm = PcmCodec.Encode(samples, SampleEncoding.Linear16);
    var audio = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
    const int chunkBytes = AcousticAnalyzer.SampleRate / 10 * 2;
    for (var offset = 0; offset < pcm.Length; offset += chunkBytes)
    {
        audio.Writer.TryWrite(pcm.AsMemory(offset, Math.Min(chunkBytes, pcm.Length - offset)));
    }
    audio.Writer.Complete();
    var finals = new List<TranscriptEvent>();
    await foreach (var recognitionEvent in engine.Stream(settings, audio.Reader, CancellationToken.None))
    {
        if (recognitionEvent is TranscriptEvent { IsFinal: true } final)
        {
            finals.Add(final);
        }
    }
    return finals;
}

static int ReferenceFillers(string reference) =>
    reference.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w is "uh" or "um" or "uhm" or "umm" or "er" or "erm");

static string Percent(int part, int whole) =>
    whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";

internal sealed record Row(string Name, string Category, int Reference, int Transcript, int Combined, int ShortHesitant);

/// <summary>The calling thread's CPU time (Linux, <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>).</summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTime = 3;

    public static TimeSpan Now()
    {
        if (clock_gettime(ClockThreadCpuTime, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }
        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

    [System.Runtime.InteropServices.LibraryImport("libc")]
    private static partial int clock_gettime(int clock, out TimeSpec time);

    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);
}
