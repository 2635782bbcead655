using Rehearse.Testing;

namespace Rehearse.Speech.SynthesisBenchmarks;

/// <summary>
/// Surveys the raw speakers of the first voice pack to choose curated voices: each speaker reads the same
/// sentences (the round trip's interview questions, as many times as asked, since each synthesis
/// samples afresh); the survey reports the median pitch (female or male), the speaking rate and the round-trip
/// word error rate through Moonshine base, then suggests speakers whose round trip stays under
/// <see cref="MaxWer"/>, who speak at an ordinary pace and who spread over the pitch range of each gender.
/// </summary>
internal static class VoiceSurvey
{
    // Half the 5 % target, so that a chosen voice keeps its margin when the sampling noise goes against it.
    private const double MaxWer = 0.025;

    public static async Task RunAsync(BenchmarkHost host, int step, int perGender, int repeats)
    {
        var sentences = Enumerable.Repeat(RoundTripBenchmark.InterviewQuestions, repeats).SelectMany(s => s).ToList();
        var speakers = host.Engine.Voices.Models[0].SpeakerCount;
        var results = new List<(int Speaker, double Pitch, double WordsPerSecond, double Wer)>();
        for (var speaker = 0; speaker < speakers; speaker += step)
        {
            var audio = new List<float>();
            var errors = new WordErrorRate(0, 0);
            foreach (var sentence in sentences)
            {
                var samples = await host.Speak16kAsync(sentence, $"speaker:{speaker}");
                errors += WordErrorRate.Compute(sentence, host.Transcribe(samples));
                audio.AddRange(samples);
            }
            var words = sentences.Sum(s => s.Split(' ').Length);
            results.Add((speaker, PitchEstimator.MedianHz(audio.ToArray()), words / (audio.Count / 16000.0), errors.Rate));
            Console.Error.Write('.');
        }
        Console.Error.WriteLine();

        Console.WriteLine($"### Speaker survey (every {step}th speaker, {sentences.Count} sentences each)");
        Console.WriteLine();
        Markdown.Table(
            ["speaker", "median pitch (Hz)", "words/s", "round-trip WER"],
            results.Select(r => (IReadOnlyList<string>)[r.Speaker.ToString(System.Globalization.CultureInfo.InvariantCulture), Markdown.F(r.Pitch), Markdown.F(r.WordsPerSecond, "0.00"), Markdown.F(r.Wer * 100, "0.0") + " %"]));

        var pace = Markdown.Median(results.Select(r => r.WordsPerSecond).ToList());
        var usable = results.Where(r => r.Wer < MaxWer && Math.Abs(r.WordsPerSecond / pace - 1) <= 0.15).ToList();
        Console.WriteLine($"Median pace {Markdown.F(pace, "0.00")} words/s; {usable.Count} of {results.Count} speakers have a round-trip WER under {Markdown.F(MaxWer * 100, "0.0")} % within ±15 % of it.");
        Console.WriteLine();
        Suggest("female", usable.Where(r => r.Pitch >= 170).OrderBy(r => r.Pitch).ToList(), perGender);
        Suggest("male", usable.Where(r => r.Pitch is > 0 and <= 145).OrderBy(r => r.Pitch).ToList(), perGender);
    }

    // Evenly spaced over the pitch range, so the chosen voices sound distinct.
    private static void Suggest(string gender, List<(int Speaker, double Pitch, double WordsPerSecond, double Wer)> candidates, int count)
    {
        var picks = candidates.Count <= count
            ? candidates
            : Enumerable.Range(0, count).Select(i => candidates[(int)Math.Round(i * (candidates.Count - 1) / (double)(count - 1))]).ToList();
        Console.WriteLine($"Suggested {gender} speakers: " + string.Join(", ", picks.Select(p => $"{p.Speaker} ({Markdown.F(p.Pitch)} Hz, {Markdown.F(p.WordsPerSecond, "0.00")} w/s)")));
    }
}
