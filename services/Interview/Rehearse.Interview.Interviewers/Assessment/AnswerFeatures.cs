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
    IReadOnlyList<KeyPoint> Mentioned,
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
    /// <summary>What a key point only mentioned counts for, against 1 for a covered one: a term alone shows little.</summary>
    public const double MentionCredit = 0.25;

    // Words either side of a single-word keyword that are searched for words of the same point.
    private const int SupportWindow = 12;

    // Words before a keyword that are searched for a denial ("I'm not sure what X is", "never used X").
    private const int DenialWindow = 6;

    /// <summary>Number of key points of the question.</summary>
    public int PointCount => Covered.Count + Mentioned.Count + Missed.Count;

    /// <summary>Share of key points covered, 0 to 1, a mentioned one counting <see cref="MentionCredit"/> (1 when the question has none).</summary>
    public double Coverage => PointCount == 0 ? 1 : (Covered.Count + (MentionCredit * Mentioned.Count)) / PointCount;

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
        var mentioned = new List<KeyPoint>();
        var missed = new List<KeyPoint>();
        foreach (var point in keyPoints)
        {
            (Match(words, stems, point) switch
            {
                PointMatch.Covered => covered,
                PointMatch.Mentioned => mentioned,
                _ => missed,
            }).Add(point);
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
            mentioned,
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

    /// <summary>True when any of the key point's keywords (as stemmed phrases) occurs in a text (e.g. a bank follow-up).</summary>
    public static bool Mentions(IReadOnlyList<string> stems, KeyPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.Keywords.Any(keyword => TextTokens.ContainsPhrase(stems, TextTokens.Stems(keyword)));
    }

    /// <summary>
    /// How an answer deals with a key point. A keyword the candidate denies knowing ("not sure what X is", "never used
    /// X") does not count. A keyword phrase of two or more words covers the point; a single word covers it only with
    /// support: another word of the same point (its other keywords or its own text) within a dozen words, or a second
    /// keyword of the point anywhere. A single word without support is a mention: "keyed by product" in a caching
    /// story mentions "Keys identify list items across renders" and "POST" alone mentions "GET, PUT and DELETE are
    /// idempotent while POST is not", but neither covers it.
    /// </summary>
    public static PointMatch Match(IReadOnlyList<string> words, IReadOnlyList<string> stems, KeyPoint point)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(stems);
        ArgumentNullException.ThrowIfNull(point);
        var pointStems = PointStems(point);
        var keywordsFound = new HashSet<string>(StringComparer.Ordinal);
        var supported = false;
        foreach (var keyword in point.Keywords)
        {
            var phrase = TextTokens.Stems(keyword);
            foreach (var at in Occurrences(stems, phrase))
            {
                if (IsDenied(words, at))
                {
                    continue;
                }

                keywordsFound.Add(string.Join(' ', phrase));
                supported |= phrase.Length > 1 || HasSupport(stems, at, phrase, pointStems);
            }
        }

        return supported || keywordsFound.Count > 1 ? PointMatch.Covered
            : keywordsFound.Count == 1 ? PointMatch.Mentioned
            : PointMatch.Missed;
    }

    // Content stems of a key point: its text and its keywords.
    private static HashSet<string> PointStems(KeyPoint point) =>
        TextTokens.Words(point.Point).Concat(point.Keywords.SelectMany(TextTokens.Words))
            .Where(w => w.Length > 2 && !TextTokens.IsStopWord(w))
            .Select(TextTokens.Stem)
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<int> Occurrences(IReadOnlyList<string> stems, string[] phrase)
    {
        for (var i = 0; phrase.Length > 0 && i + phrase.Length <= stems.Count; i++)
        {
            var match = true;
            for (var j = 0; j < phrase.Length && match; j++)
            {
                match = stems[i + j] == phrase[j];
            }

            if (match)
            {
                yield return i;
            }
        }
    }

    private static bool HasSupport(IReadOnlyList<string> stems, int at, string[] phrase, HashSet<string> pointStems)
    {
        var from = Math.Max(0, at - SupportWindow);
        var to = Math.Min(stems.Count, at + phrase.Length + SupportWindow);
        for (var i = from; i < to; i++)
        {
            if ((i < at || i >= at + phrase.Length) && !phrase.Contains(stems[i], StringComparer.Ordinal) && pointStems.Contains(stems[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the words just before position <paramref name="at"/> deny knowing or using what follows.</summary>
    internal static bool IsDenied(IReadOnlyList<string> words, int at)
    {
        ArgumentNullException.ThrowIfNull(words);
        var from = Math.Max(0, at - DenialWindow);
        var before = " " + string.Join(' ', Enumerable.Range(from, at - from).Select(i => words[i].Replace('’', '\''))) + " ";
        return DenialCues().IsMatch(before);
    }

    // A denial of knowing or using something, then at most three words ("not sure what a"), or a bare "not"/"never" right before.
    [GeneratedRegex(@" (not (really )?sure|unsure|(don't|dont|do not|didn't|did not) (really )?(know|remember|use|understand)|no idea|not familiar|never (used|heard|worked|touched|tried|done|needed)|(haven't|have not|hadn't) (used|worked|touched|tried|done|heard)|(can't|cannot) remember|no experience)( [^ ]+){0,3} $| (not|never) $")]
    private static partial Regex DenialCues();

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

/// <summary>How an answer deals with a key point.</summary>
public enum PointMatch
{
    /// <summary>None of its keywords came up (or only ones the candidate denied knowing).</summary>
    Missed,

    /// <summary>One of its terms came up with nothing around it that speaks to the point.</summary>
    Mentioned,

    /// <summary>The point was talked about: a keyword phrase, or a keyword with other words of the point.</summary>
    Covered,
}
