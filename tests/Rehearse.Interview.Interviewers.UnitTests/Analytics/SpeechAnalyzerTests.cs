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
    public void Hesitations_the_speech_service_heard_count_where_the_segments_transcript_does_not_show_them()
    {
        // The first segment's "Um" is one of its two hesitations; the second segment's hesitation is not written;
        // the third writes an "uh" the audio did not show as a hesitation, which does not cancel the others.
        var segments = new[]
        {
            new AnswerSegment("Um, we shard by customer id.", TimeSpan.Zero, TimeSpan.FromSeconds(3), Hesitations: 2),
            new AnswerSegment("Then the hot shards get split.", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6), Hesitations: 1),
            new AnswerSegment("Uh, and rebalanced at night.", TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(9)),
        };

        var analytics = new SpeechAnalyzer(new SpeechAnalyticsOptions()).Analyze(segments, TimeSpan.FromSeconds(10));
        var off = new SpeechAnalyzer(new SpeechAnalyticsOptions { DetectAudioHesitations = false }).Analyze(segments, TimeSpan.FromSeconds(10));

        Assert.Equal(2, analytics.AudioHesitationCount);
        Assert.Contains(new FillerCount(TranscriptFillers.AudioHesitation, 2), analytics.Fillers);
        Assert.Equal(4 * 100.0 / analytics.WordCount, analytics.FillersPer100Words, precision: 6);
        Assert.Equal(0, off.AudioHesitationCount);
        Assert.DoesNotContain(off.Fillers, f => f.Filler == TranscriptFillers.AudioHesitation);
    }
}
