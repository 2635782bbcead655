using System.Text.RegularExpressions;
using Rehearse.Interview.Interviewers.Text;

namespace Rehearse.Interview.Interviewers.Assessment;

/// <summary>
/// Whether an answer talks about what was asked: the question's topic words (from its text, its tags and its key
/// points with their keywords) that the answer uses, and the share of its passages that use any. A fluent, well
/// structured answer about something else must not score like an answer to the question, so the assessor caps the
/// scores of an answer judged possibly off-topic.
/// </summary>
public static partial class AnswerRelevance
{
    /// <summary>Answers shorter than this are not judged: too few words to tell, and the short-answer rules apply.</summary>
    public const int MinimumWords = 15;

    /// <summary>An answer that uses fewer distinct topic words than this is possibly off-topic.</summary>
    public const int MinimumTopicWords = 2;

    /// <summary>An answer whose share of passages with a topic word is below this is possibly off-topic.</summary>
    public const double MinimumOnTopicShare = 0.25;

    // Sentences longer than this are judged in pieces, so an unpunctuated transcript is not one passage.
    private const int PassageWords = 25;

    // Words of interview questions and stories that say nothing about the subject ("tell me about a time",
    // "describe the impact clearly", "the result"): an answer about anything uses them.
    private static readonly HashSet<string> GenericStems = new[]
    {
        "tell", "time", "describe", "explain", "walk", "happen", "handle", "approach", "decide", "give", "example",
        "talk", "question", "answer", "situation", "matter", "important", "difference", "between", "large", "small",
        "many", "much", "best", "clear", "concrete", "action", "result", "outcome", "first", "rather", "both",
        "someone", "something", "people", "person", "needed", "led", "lead", "learned", "asked", "told", "made",
        "took", "set", "come", "every", "since", "now", "still", "often", "usually", "always", "never", "sure",
        "right", "wrong", "long", "short", "fast", "slow", "better", "worse", "easy", "hard", "keep", "start", "end",
        "change", "problem", "issue", "decision", "plan", "data", "project", "design", "system", "service", "user",
        "customer", "app", "application", "code", "engineer", "product", "feature", "day", "week", "month", "hour",
        "minute", "number", "part", "whole", "kind", "type", "case", "step", "level", "high", "low", "point", "less",
        "worked", "experienced",
    }.Select(TextTokens.Stem).ToHashSet(StringComparer.Ordinal);

    // Words that stand for the same subject in a story: a question about a service that "failed" is answered by one
    // that "kept timing out" or "crashed", one about disagreeing by an "argument". A question that uses one word of
    // a group takes the whole group as topic words.
    private static readonly string[][] RelatedStems = new[]
    {
        new[] { "fail", "failure", "outage", "incident", "downtime", "crash", "broke", "broken", "timeout", "error", "bug", "reliability", "unavailable", "degraded" },
        new[] { "disagree", "disagreement", "argue", "argument", "conflict", "debate", "pushback", "objection" },
        new[] { "grow", "growth", "grew", "mentor", "mentee", "mentoring", "junior", "coach", "teach", "onboard" },
    }.Select(group => group.Select(TextTokens.Stem).ToArray()).ToArray();

    /// <summary>Judges an answer against a question.</summary>
    public static Relevance Judge(string answer, AssessableQuestion question)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(question);
        var topic = TopicStems(question);
        var wordCount = TextTokens.Words(answer).Count;
        if (wordCount < MinimumWords || topic.Count == 0)
        {
            return Relevance.NotJudged;
        }

        var used = new List<string>();
        var usedStems = new HashSet<string>(StringComparer.Ordinal);
        var passages = 0;
        var onTopic = 0;
        foreach (var sentence in TextTokens.Sentences(TimingOut().Replace(answer, "timeout")))
        {
            var words = TextTokens.Words(sentence);
            for (var start = 0; start < words.Count; start += PassageWords)
            {
                passages++;
                var hit = false;
                for (var i = start; i < Math.Min(words.Count, start + PassageWords); i++)
                {
                    var stem = TextTokens.Stem(words[i]);
                    if (topic.Contains(stem) && !AnswerFeatures.IsDenied(words, i))
                    {
                        hit = true;
                        if (usedStems.Add(stem))
                        {
                            used.Add(words[i]);
                        }
                    }
                }

                onTopic += hit ? 1 : 0;
            }
        }

        var share = passages == 0 ? 0 : (double)onTopic / passages;
        var offTopic = used.Count < MinimumTopicWords || share < MinimumOnTopicShare;
        var shown = used.Count == 0 ? "none of the question's topic words"
            : $"{used.Count} of the question's topic words ({string.Join(", ", used.Take(6).Select(w => $"\"{w}\""))}{(used.Count > 6 ? ", …" : "")})";
        var reason = offTopic
            ? $"The answer seems to be about something else: it used {shown}, in {onTopic} of its {passages} sentences."
            : $"On topic: it used {shown}, in {onTopic} of its {passages} sentences.";
        return new Relevance(offTopic, used, share, reason);
    }

    /// <summary>The stems that say what a question is about: content words of its text, tags, key points and keywords.</summary>
    public static IReadOnlySet<string> TopicStems(AssessableQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var texts = new[] { question.Text }
            .Concat(question.Tags ?? [])
            .Concat(question.KeyPoints.Select(k => k.Point))
            .Concat(question.KeyPoints.SelectMany(k => k.Keywords));
        var stems = texts.SelectMany(TextTokens.Words)
            .Where(w => w.Length > 2 && !TextTokens.IsStopWord(w))
            .Select(TextTokens.Stem)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var group in RelatedStems.Where(g => g.Any(stems.Contains)))
        {
            stems.UnionWith(group);
        }

        stems.ExceptWith(GenericStems);
        return stems;
    }

    // "Timing out" stems to "time out", and "time" says nothing: read the phrase as the one word it means.
    [GeneratedRegex(@"\btim(e|es|ed|ing) out\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimingOut();
}
