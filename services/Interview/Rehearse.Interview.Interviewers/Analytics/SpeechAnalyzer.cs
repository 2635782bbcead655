using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Interview.Interviewers.Text;

namespace Rehearse.Interview.Interviewers.Analytics;

/// <summary>
/// Speech analytics of a spoken answer from its final transcript segments (with times and the voiced hesitations the
/// Speech service heard in each): words per minute of speaking time, fillers per 100 words, long pauses between
/// segments and the hesitations that the recognizer left out of the transcript.
/// </summary>
public sealed class SpeechAnalyzer(SpeechAnalyticsOptions options)
{
    /// <summary>Analyses one answer.</summary>
    /// <param name="segments">Final transcript segments in order, with times from the start of the answer's audio.</param>
    /// <param name="answerDuration">From the end of the question to the end of the answer.</param>
    public SpeechAnalytics Analyze(IReadOnlyList<AnswerSegment> segments, TimeSpan answerDuration)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var text = string.Join(" ", segments.Select(s => s.Text));
        var wordCount = TextTokens.Words(text).Count;
        var speaking = TimeSpan.FromTicks(segments.Sum(s => Math.Max(0, (s.End - s.Start).Ticks)));

        var longest = TimeSpan.Zero;
        var longPauses = 0;
        for (var i = 1; i < segments.Count; i++)
        {
            var gap = segments[i].Start - segments[i - 1].End;
            longest = gap > longest ? gap : longest;
            longPauses += gap > options.LongPauseThreshold ? 1 : 0;
        }

        var fillers = TranscriptFillers.Count(text).ToList();
        // Hesitations the recognizer did write down are already counted from the transcript, segment by segment.
        var hesitations = options.DetectAudioHesitations
            ? segments.Sum(s => Math.Max(0, s.Hesitations - WrittenHesitations(s.Text)))
            : 0;
        if (hesitations > 0)
        {
            fillers.Add(new FillerCount(TranscriptFillers.AudioHesitation, hesitations));
        }

        var fillerTotal = fillers.Sum(f => f.Count);
        return new SpeechAnalytics(
            wordCount,
            speaking > TimeSpan.Zero ? wordCount / speaking.TotalMinutes : 0,
            wordCount > 0 ? fillerTotal * 100.0 / wordCount : 0,
            fillers.OrderByDescending(f => f.Count).ToArray(),
            longPauses,
            longest,
            speaking,
            answerDuration,
            hesitations);
    }

    private static int WrittenHesitations(string text) =>
        TranscriptFillers.Count(text).Where(f => f.Filler is "uh" or "um").Sum(f => f.Count);

    /// <summary>Combines the analytics of several answers into one (e.g. for a whole session).</summary>
    public static SpeechAnalytics? Combine(IEnumerable<SpeechAnalytics?> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var list = answers.OfType<SpeechAnalytics>().ToArray();
        if (list.Length == 0)
        {
            return null;
        }

        var words = list.Sum(a => a.WordCount);
        var speaking = TimeSpan.FromTicks(list.Sum(a => a.SpeakingDuration.Ticks));
        var fillers = list.SelectMany(a => a.Fillers)
            .GroupBy(f => f.Filler, StringComparer.Ordinal)
            .Select(g => new FillerCount(g.Key, g.Sum(f => f.Count)))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Filler, StringComparer.Ordinal)
            .ToArray();
        return new SpeechAnalytics(
            words,
            speaking > TimeSpan.Zero ? words / speaking.TotalMinutes : 0,
            words > 0 ? fillers.Sum(f => f.Count) * 100.0 / words : 0,
            fillers,
            list.Sum(a => a.LongPauseCount),
            list.Max(a => a.LongestPause),
            speaking,
            TimeSpan.FromTicks(list.Sum(a => a.AnswerDuration.Ticks)),
            list.Sum(a => a.AudioHesitationCount));
    }
}
