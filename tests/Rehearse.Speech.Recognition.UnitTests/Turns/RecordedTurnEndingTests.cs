using Rehearse.Speech.Recognition.Turns;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests.Turns;

/// <summary>The scorer on pauses and ends cut from the shared real recordings (skipped without them).</summary>
public sealed class RecordedTurnEndingTests(ModelFixture models)
{
    [Fact]
    public void Real_clip_ends_are_recognised_and_get_short_waits()
    {
        var endings = RecordedTurnEndings.All(models);
        Assert.SkipWhen(endings is null, "The shared recordings (../shared/testdata/speech) are not present.");
        var report = new List<string>();
        foreach (var heldOut in new[] { false, true })
        {
            var set = endings.Where(e => e.HeldOut == heldOut).ToList();
            var estimates = set.Select(e => (Ending: e, Estimate: EndOfTurnScorer.Estimate(e.Text, e.Acoustics, e.SpeechEnd, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(6)))).ToList();
            var wordsOnly = TurnAccuracy.Of(set.Select(e => (e.IsEnd, EndOfTurnScorer.Estimate(e.Text, null, e.SpeechEnd, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(6)).Probability)));
            var withVoice = TurnAccuracy.Of(estimates.Select(x => (x.Ending.IsEnd, x.Estimate.Probability)));
            var pauses = estimates.Where(x => !x.Ending.IsEnd).ToList();
            // A stream's final result comes after the endpointing silence (600 ms): shorter pauses never reach a decision.
            var decided = pauses.Where(x => x.Ending.Pause > TimeSpan.FromMilliseconds(600)).ToList();
            var endedInPause = decided.Count(x => x.Ending.Pause > x.Estimate.Wait);
            var waits = estimates.Where(x => x.Ending.IsEnd).Select(x => x.Estimate.Wait).Order().ToList();
            var name = heldOut ? "held out" : "tuning";
            var endProbabilities = estimates.Where(x => x.Ending.IsEnd).Select(x => x.Estimate.Probability).ToList();
            var pauseProbabilities = pauses.Select(x => x.Estimate.Probability).ToList();
            report.Add($"{name}: words only {wordsOnly}");
            report.Add($"{name}: words and voice {withVoice}");
            report.Add($"{name}: {pauses.Count} pauses, {decided.Count} over 600 ms, {endedInPause} of those ended by the wait; " +
                $"waits at clip ends p50 {waits[waits.Count / 2].TotalMilliseconds:0} ms, p90 {waits[(int)(waits.Count * 0.9)].TotalMilliseconds:0} ms");
            report.Add($"{name}: how well p ranks ends above pauses (area under the ROC curve, 0.5 = chance): " +
                $"{AreaUnderCurve(endProbabilities, pauseProbabilities):0.00}; {pauses.Count(x => x.Estimate.Wait <= waits[waits.Count / 2])} of " +
                $"{pauses.Count} pauses get a wait no longer than the median clip end's");
            if (heldOut)
            {
                // Measured: recall 93.8 %, waits at ends p50 585 ms.
                Assert.True(withVoice.Recall >= 0.9, withVoice.ToString());
                Assert.True(waits[waits.Count / 2] <= TimeSpan.FromSeconds(1), $"p50 wait {waits[waits.Count / 2]}");
            }
        }
        File.WriteAllLines(Path.Combine(TestPaths.ArtifactsDirectory("turn-taking"), "recorded-endings.txt"), report);
    }

    /// <summary>The chance that a random end gets a higher probability than a random pause (ties count half).</summary>
    private static double AreaUnderCurve(IReadOnlyList<double> ends, IReadOnlyList<double> pauses) =>
        ends.Sum(end => pauses.Sum(pause => end > pause ? 1.0 : end == pause ? 0.5 : 0.0)) / (ends.Count * pauses.Count);
}
