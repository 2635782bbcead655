using Rehearse.Testing;
using static Rehearse.Speech.RecognitionBenchmarks.Measurements;

namespace Rehearse.Speech.RecognitionBenchmarks;

/// <summary>Word error rate per model and category, whole-recording and streamed.</summary>
internal static class AccuracyBenchmark
{
    // Moonshine's published WER on the full LibriSpeech test sets (Moonshine paper, Table 2).
    private static readonly Dictionary<(string Model, string Set), double> Published = new()
    {
        [("moonshine-tiny", "clean")] = 0.045,
        [("moonshine-base", "clean")] = 0.032,
        [("moonshine-tiny", "other")] = 0.117,
        [("moonshine-base", "other")] = 0.082,
    };

    public static async Task RunAsync(BenchmarkContext context)
    {
        var categories = context.Corpus.Select(c => c.Category).Distinct().Order().ToList();
        var rows = new List<string>();
        var libriRows = new List<string>();
        foreach (var model in BenchmarkContext.Models)
        {
            var whole = new Dictionary<string, WordErrorRate>();
            var streamed = new Dictionary<string, WordErrorRate>();
            foreach (var clip in context.Corpus)
            {
                var (transcript, _) = await context.RecognizeFileAsync(model, File.ReadAllBytes(clip.File));
                var outcome = await StreamingRun.RunAsync(context.Engine, model, context.Samples(clip), realTime: false, interim: false, context.Options, CancellationToken.None);
                // The misrecognitions, for reading (standard error keeps the tables clean).
                var wholeErrors = WordErrorRate.Compute(clip.Reference, transcript.Text);
                var streamedErrors = WordErrorRate.Compute(clip.Reference, outcome.Text);
                if (wholeErrors.Errors + streamedErrors.Errors > 0)
                {
                    Console.Error.WriteLine($"{model} {clip.Name}: reference \"{clip.Reference}\"\n  whole ({wholeErrors.Errors} errors) \"{transcript.Text}\"\n  streamed ({streamedErrors.Errors} errors) \"{outcome.Text}\"");
                }
                foreach (var key in new[] { "all", clip.Category, LibriSpeechSet(clip) }.OfType<string>())
                {
                    whole[key] = whole.GetValueOrDefault(key) + WordErrorRate.Compute(clip.Reference, transcript.Text);
                    streamed[key] = streamed.GetValueOrDefault(key) + WordErrorRate.Compute(clip.Reference, outcome.Text);
                }
            }
            string Cells(Dictionary<string, WordErrorRate> rates) => string.Join(" | ", categories.Prepend("all").Select(c => Percent(rates[c].Rate)));
            rows.Add($"| {model} | whole recording | {Cells(whole)} |");
            rows.Add($"| {model} | streamed, 100 ms chunks | {Cells(streamed)} |");
            foreach (var set in new[] { "clean", "other" })
            {
                var key = "librispeech-" + set;
                var published = Published[(model, set)];
                var ours = whole[key].Rate;
                var difference = (ours - published) * 100;
                libriRows.Add($"| {model} | test-{set} ({context.Corpus.Count(c => LibriSpeechSet(c) == key)} clips, {whole[key].ReferenceWords} words) | {Percent(published)} | {Percent(ours)} | {Percent(streamed[key].Rate)} | {Number(difference, "+0.0;-0.0")} | {(Math.Abs(difference) <= 1 ? "within 1 point" : difference < 0 ? "better by more than 1 point" : "**worse by more than 1 point**")} |");
            }
        }

        Console.WriteLine("## Accuracy: word error rate on the shared recordings");
        Console.WriteLine();
        Console.WriteLine("Normalised with `TranscriptNormalizer` (case, punctuation, fillers, numbers as words). Corpus WER = total errors / total reference words.");
        Console.WriteLine();
        Console.WriteLine($"| model | mode | all | {string.Join(" | ", categories)} |");
        Console.WriteLine($"|---|---|---|{string.Concat(categories.Select(_ => "---|"))}");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("### Against Moonshine's published LibriSpeech figures");
        Console.WriteLine();
        Console.WriteLine("| model | set (clips here) | published | ours, whole | ours, streamed | difference (points) | verdict |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        libriRows.ForEach(Console.WriteLine);
        Console.WriteLine();
    }

    /// <summary>"librispeech-clean" / "librispeech-other" for LibriSpeech clips, else null (LibriVox and others).</summary>
    private static string? LibriSpeechSet(SpeechClip clip) =>
        clip.Name.StartsWith("librispeech_clean", StringComparison.Ordinal) ? "librispeech-clean"
        : clip.Name.StartsWith("librispeech_other", StringComparison.Ordinal) ? "librispeech-other"
        : null;
}
