// Measures how many of the "uh"/"um" fillers in the reference transcripts of the shared recordings the speech
// analytics catch: from the recognizer's transcript alone, and with the audio hesitation detector added. Clips whose
// references have no fillers (read speech) show the detector's false alarms. Each clip takes the Interview service's
// path: streamed to the recognizer, one final result per utterance, empty finals left out, then the analyzer
// (interim results, which the service also asks for, do not change the finals and are left off).
//
//   bench/run fillers [moonshine-base|moonshine-tiny]
using System.Globalization;
using System.Threading.Channels;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Interview.Interviewers.Text;
using Rehearse.Speech.Audio;
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
var settings = new RecognitionSettings(new RecognitionAudioFormat(RecognitionAudioEncoding.Linear16, HesitationDetector.SampleRate), Model: model);

var rows = new List<Row>();
var shortUtterance = TimeSpan.FromMilliseconds(800);
foreach (var clip in clips)
{
    var wav = WavFile.Read(File.ReadAllBytes(clip.File));
    if (wav.SourceFormat.SampleRate != HesitationDetector.SampleRate)
    {
        throw new InvalidOperationException($"{clip.Name}: expected 16 kHz audio, got {wav.SourceFormat.SampleRate} Hz.");
    }

    var finals = await StreamFinalsAsync(wav.Samples);
    var segments = finals.Where(f => !string.IsNullOrWhiteSpace(f.Text))
        .Select(f => new AnswerSegment(f.Text.Trim(), f.StartOffset, f.EndOffset)).ToArray();
    var analytics = analyzer.Analyze(segments, TimeSpan.FromSeconds(clip.DurationSeconds), wav.Samples);
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
return 0;

async Task<IReadOnlyList<TranscriptEvent>> StreamFinalsAsync(float[] samples)
{
    var pcm = PcmCodec.Encode(samples, SampleEncoding.Linear16);
    var audio = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
    const int chunkBytes = HesitationDetector.SampleRate / 10 * 2;
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
