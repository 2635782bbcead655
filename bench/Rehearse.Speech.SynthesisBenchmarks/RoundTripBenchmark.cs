using Rehearse.Speech.Audio;
using Rehearse.Testing;

namespace Rehearse.Speech.SynthesisBenchmarks;

/// <summary>
/// Intelligibility round trip: every curated voice reads a list of interview questions (what the product speaks)
/// and, when the shared test recordings are present, their read-speech reference transcripts; Moonshine base
/// transcribes the 16 kHz audio, and the word error rate against the text is reported per voice (scored with the
/// project's transcript normaliser). For the read-speech set the same recognizer's WER on the people's own
/// recordings of those sentences is the baseline: a voice cannot score better than the recognizer allows.
/// </summary>
internal static class RoundTripBenchmark
{
    internal static readonly string[] InterviewQuestions =
    [
        "Tell me about yourself and what brings you to this role.",
        "Describe a project you are proud of and the part you played in it.",
        "How would you design a system that shortens long web addresses?",
        "What happens when you type a web address into a browser and press enter?",
        "Tell me about a time you disagreed with your manager.",
        "How do you decide between a relational database and a document store?",
        "Walk me through how you would find the cause of a slow web page.",
        "What is the difference between a process and a thread?",
        "How would you explain recursion to someone who has never programmed?",
        "Where do you see yourself in five years?",
        "What would your previous team say is your greatest strength?",
        "Do you have any questions for me before we finish?",
    ];

    /// <summary>
    /// Runs the round trip on at most <paramref name="maxSentences"/> sentences per voice and set, for the curated
    /// voices or, when <paramref name="voiceIds"/> are given (e.g. <c>speaker:96</c>), for those.
    /// </summary>
    public static async Task RunAsync(BenchmarkHost host, int maxSentences, IReadOnlyList<string> voiceIds)
    {
        var voices = voiceIds.Count == 0
            ? host.Engine.ListVoices()
            : [.. voiceIds.Select(id => host.Engine.Voices.TryResolve(id, out _, out var voice) ? voice : throw new ArgumentException($"unknown voice '{id}'"))];
        await RunSetAsync(host, voices, $"{Math.Min(maxSentences, InterviewQuestions.Length)} interview questions", [.. InterviewQuestions.Take(maxSentences)], baseline: null);
        if (voiceIds.Count > 0)
        {
            return;
        }

        // The read-speech references (LibriSpeech, LibriVox, JFK): the spontaneous clips' transcripts keep every
        // repetition and "uh", which is not text anyone would ask a voice to read.
        var corpus = SpeechCorpus.Load()?.Where(c => c.Category != "spontaneous").Take(maxSentences).ToList();
        if (corpus is null)
        {
            Console.WriteLine("The read-speech set is skipped: the shared recordings (../shared/testdata/speech) are absent.");
            Console.WriteLine();
            return;
        }
        var recorded = new WordErrorRate(0, 0);
        foreach (var clip in corpus)
        {
            recorded += WordErrorRate.Compute(clip.Reference, host.Transcribe(WavFile.Read(File.ReadAllBytes(clip.File)).Samples));
        }
        await RunSetAsync(host, voices, $"{corpus.Count} read-speech reference transcripts of shared/testdata/speech", [.. corpus.Select(c => c.Reference)], recorded);
    }

    private static async Task RunSetAsync(BenchmarkHost host, IReadOnlyList<Synthesis.Voices.VoiceDescriptor> voices, string source, IReadOnlyList<string> sentences, WordErrorRate? baseline)
    {
        Console.WriteLine($"### Intelligibility round trip: each curated voice reads {source}; Moonshine base transcribes");
        Console.WriteLine();
        var rows = new List<IReadOnlyList<string>>();
        var total = new WordErrorRate(0, 0);
        var under = 0;
        foreach (var voice in voices)
        {
            var errors = new WordErrorRate(0, 0);
            var exact = 0;
            var pitches = new List<double>();
            var worst = (Rate: -1.0, Text: "", Heard: "");
            foreach (var sentence in sentences)
            {
                var audio = await host.Speak16kAsync(sentence, voice.Id);
                var heard = host.Transcribe(audio);
                var wer = WordErrorRate.Compute(sentence, heard);
                errors += wer;
                exact += wer.Errors == 0 ? 1 : 0;
                pitches.Add(PitchEstimator.MedianHz(audio));
                if (wer.Rate > worst.Rate)
                {
                    worst = (wer.Rate, sentence, heard);
                }
            }
            total += errors;
            under += errors.Rate < 0.05 ? 1 : 0;
            rows.Add([
                $"{voice.DisplayName} (`{voice.Id}`, speaker {voice.Speaker})",
                voice.Gender.ToString().ToLowerInvariant(),
                Markdown.F(Markdown.Median(pitches)),
                Markdown.F(errors.Rate * 100, "0.0") + " %",
                $"{exact} / {sentences.Count}",
            ]);
            Console.Error.WriteLine($"{voice.Id}: worst \"{worst.Text}\" -> \"{worst.Heard}\"");
        }
        Markdown.Table(["voice", "gender", "median pitch (Hz)", "WER", "word-exact sentences"], rows);
        Console.WriteLine($"All voices: WER {Markdown.F(total.Rate * 100, "0.0")} % over {total.ReferenceWords} reference words; {under} of {rows.Count} voices under 5 %.");
        if (baseline is { } recorded)
        {
            Console.WriteLine($"Baseline: the same recognizer on the people's own recordings of these sentences: WER {Markdown.F(recorded.Rate * 100, "0.0")} % over {recorded.ReferenceWords} words.");
        }
        Console.WriteLine();
    }
}
