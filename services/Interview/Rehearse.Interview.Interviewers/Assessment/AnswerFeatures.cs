using System.Text.RegularExpressions;
using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Text;

namespace Rehearse.Interview.Interviewers.Assessment;

/// <summary>What an answer contains, measured from its text: the evidence behind scores and follow-ups.</summary>
public sealed partial record AnswerFeatures(
    int WordCount,
    int SentenceCount,
    IReadOnlyList<KeyPoint> Covered,
    IReadOnlyList<KeyPoint> Missed,
    StarCoverage Star,
    bool HasExample,
    bool HasTradeOff,
    bool HasMetric,
    bool HasReasoning,
    bool HasStructure,
    bool SpeaksInFirstPerson,
    int HedgeCount,
    int FillerCount)
{
    /// <summary>Share of key points covered, 0 to 1 (1 when the question has none).</summary>
    public double Coverage => Covered.Count + Missed.Count == 0 ? 1 : (double)Covered.Count / (Covered.Count + Missed.Count);

    /// <summary>Average words per sentence.</summary>
    public double WordsPerSentence => SentenceCount == 0 ? 0 : (double)WordCount / SentenceCount;

    /// <summary>Measures an answer against a question's key points.</summary>
    public static AnswerFeatures Measure(string answer, IReadOnlyList<KeyPoint> keyPoints)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(keyPoints);
        var words = TextTokens.Words(answer);
        var stems = words.Select(TextTokens.Stem).ToArray();
        var lower = CueText(answer);
        var covered = new List<KeyPoint>();
        var missed = new List<KeyPoint>();
        foreach (var point in keyPoints)
        {
            (IsCovered(stems, point) ? covered : missed).Add(point);
        }

        var star = new StarCoverage(
            Situation: SituationCues().IsMatch(lower),
            Task: TaskCues().IsMatch(lower),
            Action: ActionCues().IsMatch(lower),
            Result: ResultCues().IsMatch(lower) || MetricCues().IsMatch(lower));
        return new AnswerFeatures(
            words.Count,
            TextTokens.Sentences(answer).Count,
            covered,
            missed,
            star,
            HasExample: ExampleCues().IsMatch(lower),
            HasTradeOff: TradeOffCues().IsMatch(lower),
            HasMetric: MetricCues().IsMatch(lower),
            HasReasoning: ReasoningCues().IsMatch(lower),
            HasStructure: StructureCues().IsMatch(lower),
            SpeaksInFirstPerson: FirstPersonActionCues().Count(lower) >= 2,
            HedgeCount: HedgeCues().Count(lower),
            FillerCount: TranscriptFillers.Count(answer).Sum(f => f.Count));
    }

    // Lower case, punctuation to spaces (keeping %, decimal points and hyphens inside words), single spaces, padded.
    private static string CueText(string answer)
    {
        var text = CuePunctuation().Replace(answer.ToLowerInvariant(), " ");
        text = SentenceDot().Replace(text, " ");
        return " " + Spaces().Replace(text, " ").Trim() + " ";
    }

    /// <summary>True when any of the key point's keywords (as stemmed phrases) occurs in the answer.</summary>
    public static bool IsCovered(IReadOnlyList<string> answerStems, KeyPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.Keywords.Any(keyword => TextTokens.ContainsPhrase(answerStems, TextTokens.Stems(keyword)));
    }

    // Cue phrases run over the answer's words joined by single spaces and padded with spaces, so \b-free " x " works.
    [GeneratedRegex(@"[^a-z0-9%#+.'’\- ]")]
    private static partial Regex CuePunctuation();

    [GeneratedRegex(@"\.(?![a-z0-9])|(?<![a-z0-9])\.")]
    private static partial Regex SentenceDot();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@" (at my (last|previous|current|old|first) (job|company|role|team|employer|startup)|in my (last|previous|current|first) (job|role|position|team|company)|when i was (at|working|on|a|the|leading)|we were|there was|there were|our (team|product|service|system|company|customer)|the (situation|context|background|problem) was|back (when|in)|at the time|a few (years|months) ago|last (year|quarter|month)|in (19|20)[0-9][0-9]|i was working|i joined) ")]
    private static partial Regex SituationCues();

    [GeneratedRegex(@" (my (goal|task|job|responsibility|role|assignment|mandate) was|i was (responsible|asked|tasked|expected|supposed|the owner|on call|leading)|i needed to|we needed to|i had to|we had to|needed to|the goal was|our goal|the objective|the challenge was|i owned|i was in charge) ")]
    private static partial Regex TaskCues();

    [GeneratedRegex(@" (i|we) (decided|built|wrote|led|proposed|set up|organized|organised|talked|spoke|met|created|implemented|reached out|scheduled|introduced|started|asked|added|changed|designed|moved|ran|rewrote|refactored|profiled|measured|analyzed|analysed|investigated|paired|mentored|escalated|negotiated|prioritized|prioritised|split|migrated|automated|documented|presented|gathered|rolled|tested|shipped|fixed|debugged|traced|coordinated|suggested|agreed|pushed|dug|looked|worked|took|made|gave|sat down|explained|listened) |first,? i |then i |so i |what i did|my approach|i started by|the first thing i") ]
    private static partial Regex ActionCues();

    [GeneratedRegex(@" (i|we) (decided|built|wrote|led|proposed|set up|organized|created|implemented|reached out|introduced|started|added|changed|designed|moved|ran|rewrote|refactored|profiled|measured|investigated|mentored|negotiated|prioritized|migrated|automated|presented|shipped|fixed|debugged|coordinated|suggested|took|made|explained) ")]
    private static partial Regex FirstPersonActionCues();

    [GeneratedRegex(@" (as a result|the result|the outcome|in the end|ended up|result was|we (reduced|increased|improved|cut|saved|shipped|launched|delivered|hit|met|won|grew|lowered|halved|doubled)|it (reduced|increased|improved|cut|saved|halved|doubled)|(reduced|increased|improved|cut|saved|dropped|grew|went) (it |the |our |latency |costs? )?(from|by|to)|which (reduced|increased|improved|cut|saved|meant)|led to|i learned|we learned|lesson|since then|afterwards|after that|the impact|impact was|successfully|on time|went live|got promoted|feedback was) ")]
    private static partial Regex ResultCues();

    [GeneratedRegex(@" ([0-9]+(\.[0-9]+)? ?(%|percent|x|ms|milliseconds|seconds|minutes|hours|days|weeks|months|users|customers|requests|rps|qps|k|m|gb|tb|people|engineers|dollars|incidents|times)|[0-9]+ (percent|times)|(ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|half|double|triple|twice|three|four|five) (percent|times|x|users|customers|requests|milliseconds|seconds|minutes|hours|days|weeks|months|engineers|people|incidents)|by half|in half|p9[59]|p50) ")]
    private static partial Regex MetricCues();

    [GeneratedRegex(@" (for example|for instance|e\.g|such as|say (a|an|[0-9]+)|let's say|imagine|suppose|in my (last|previous|current) (job|role|team|company|project)|at my (last|previous|current) (job|company|role)|on (my|our) (last|previous|current) project|we had a|i once|one time|in one project|in practice|a concrete example|to give an example|like when|in production we) ")]
    private static partial Regex ExampleCues();

    [GeneratedRegex(@" (trade ?-?offs?|tradeoffs?|downsides?|drawbacks?|on the other hand|the cost (is|of)|at the (cost|expense) of|pros and cons|versus|vs|instead of|the catch|the risk is|it depends|depending on|weigh|balance|compromise|but the|however|whereas|the price) ")]
    private static partial Regex TradeOffCues();

    [GeneratedRegex(@" (because|so that|which means|that means|therefore|the reason|since (the|it|we|this)|in order to|that's why|this is why|this way|otherwise) ")]
    private static partial Regex ReasoningCues();

    [GeneratedRegex(@" (first(ly)?|second(ly)?|third(ly)?|then|next|finally|to summari[sz]e|in summary|overall|there are (two|three|four|a few) (things|parts|steps|ways|options|approaches)|step one|on one hand) ")]
    private static partial Regex StructureCues();

    [GeneratedRegex(@" (i think|i guess|i suppose|maybe|probably|perhaps|i'm not sure|not sure|i don't know|kind of|sort of|hopefully|i believe|might be) ")]
    private static partial Regex HedgeCues();
}
