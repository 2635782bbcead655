using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Hosting;

namespace Rehearse.Interview.Interviewers.UnitTests.Analytics;

public sealed class SpeechAnalyzerTests
{
    private static AnswerSegment Segment(string text, double start, double end) => new(text, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end));

    [Fact]
    public void Pace_is_measured_over_speaking_time_and_long_pauses_between_segments()
    {
        var analyzer = new SpeechAnalyzer(new SpeechAnalyticsOptions());
        // 34 words in 11 s of speech, with a 3 s and a 1 s gap.
        var segments = new[]
        {
            Segment("We cache the prices in Redis with a short TTL so the database sees fewer reads.", 0, 6),
            Segment("Um, on writes we delete the key, like, right after the commit.", 9, 12),
            Segment("That keeps staleness under a second.", 13, 15),
        };

        var analytics = analyzer.Analyze(segments, TimeSpan.FromSeconds(18));

        Assert.Equal(34, analytics.WordCount);
        Assert.Equal(TimeSpan.FromSeconds(11), analytics.SpeakingDuration);
        Assert.Equal(34 / (11 / 60.0), analytics.WordsPerMinute, precision: 6);
        Assert.Equal(1, analytics.LongPauseCount);
        Assert.Equal(TimeSpan.FromSeconds(3), analytics.LongestPause);
        Assert.Equal(200.0 / 34, analytics.FillersPer100Words, precision: 6);
        Assert.Equal(TimeSpan.FromSeconds(18), analytics.AnswerDuration);
    }

    [Fact]
    public void A_sustained_voiced_sound_is_found_as_a_hesitation_and_noise_is_not()
    {
        var random = new Random(1);
        var audio = new float[HesitationDetector.SampleRate * 3];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = (float)((random.NextDouble() - 0.5) * 0.002);
        }

        // 1.0-1.5 s: a steady "uh"-like vowel, a 120 Hz voice with harmonics up to 4 kHz; 2.0-2.6 s: loud noise (a fricative).
        for (var i = HesitationDetector.SampleRate; i < HesitationDetector.SampleRate * 3 / 2; i++)
        {
            var t = (double)i / HesitationDetector.SampleRate;
            for (var harmonic = 1; harmonic <= 33; harmonic++)
            {
                audio[i] += (float)(0.3 / harmonic * Math.Sin(2 * Math.PI * 120 * harmonic * t));
            }
        }

        for (var i = HesitationDetector.SampleRate * 2; i < HesitationDetector.SampleRate * 13 / 5; i++)
        {
            audio[i] += (float)((random.NextDouble() - 0.5) * 0.6);
        }

        var found = new HesitationDetector().Detect(audio, []);

        var hesitation = Assert.Single(found);
        Assert.InRange(hesitation.Start.TotalSeconds, 0.95, 1.1);
        Assert.InRange(hesitation.End.TotalSeconds, 1.4, 1.55);
    }
}
