using System.Text.RegularExpressions;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Text;

namespace Rehearse.Interview.Interviewers.Assessment;

/// <summary>
/// Finds the skills and technologies a job description asks for and checks which of them the answers used. A word
/// counts as a keyword when the question banks know it as a topic or key-point keyword, when it is written like a
/// technology (c#, node.js, k8s, s3) or when it is capitalised in mid-sentence (Kubernetes, PostgreSQL).
/// </summary>
public sealed partial class JobKeywords
{
    /// <summary>Most keywords taken from one job description.</summary>
    public const int MaxKeywords = 25;

    private readonly HashSet<string> _vocabulary;

    /// <summary>Builds the vocabulary from the banks' tags and single-word keywords.</summary>
    public JobKeywords(QuestionBankCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _vocabulary = catalog.Questions
            .SelectMany(q => q.Tags.Concat(q.KeyPoints.SelectMany(k => k.Keywords)))
            .SelectMany(TextTokens.Words)
            .Where(w => w.Length > 1 && !TextTokens.IsStopWord(w) && !GenericWords.Contains(w))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The job description's keywords, most frequent first.</summary>
    public IReadOnlyList<string> Extract(string jobDescription)
    {
        ArgumentNullException.ThrowIfNull(jobDescription);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in TextTokens.Sentences(jobDescription))
        {
            var original = OriginalWords().Matches(sentence).Select(m => m.Value).ToArray();
            for (var i = 0; i < original.Length; i++)
            {
                var word = original[i].ToLowerInvariant().TrimEnd('.', '-', '/');
                if (word.Length < 2 || TextTokens.IsStopWord(word) || GenericWords.Contains(word))
                {
                    continue;
                }

                var capitalisedInside = i > 0 && char.IsUpper(original[i][0]) && original[i].Length > 2;
                var technical = TechnicalShape().IsMatch(word);
                if (_vocabulary.Contains(word) || technical || capitalisedInside)
                {
                    counts[word] = counts.GetValueOrDefault(word) + 1;
                }
            }
        }

        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(MaxKeywords).Select(c => c.Key).ToArray();
    }

    /// <summary>Which keywords the answers used.</summary>
    public KeywordCoverage? Coverage(string? jobDescription, IEnumerable<string> answers)
    {
        if (string.IsNullOrWhiteSpace(jobDescription))
        {
            return null;
        }

        var keywords = Extract(jobDescription);
        if (keywords.Count == 0)
        {
            return null;
        }

        var spoken = answers.SelectMany(TextTokens.Words).Select(TextTokens.Stem).ToHashSet(StringComparer.Ordinal);
        var covered = keywords.Where(k => spoken.Contains(TextTokens.Stem(k))).ToArray();
        var missing = keywords.Except(covered, StringComparer.Ordinal).ToArray();
        return new KeywordCoverage(covered, missing, (double)covered.Length / keywords.Count);
    }

    // Words common in job descriptions that the banks also use but that name no skill.
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "we", "our", "you", "senior", "junior", "engineer", "engineers", "engineering", "developer", "developers",
        "software", "product", "products", "customers", "customer", "business", "time", "data", "system",
        "systems", "services", "service", "high", "large", "scale", "quality", "problems", "problem", "solutions",
        "solution", "environment", "opportunity", "benefits", "salary", "remote", "office", "hybrid", "location",
        "apply", "about", "mission", "values", "equal", "employer", "diverse", "inclusive", "day", "days", "part",
        "full", "level", "lead", "own", "drive", "impact", "fast", "paced", "world", "class", "best", "passionate",
        "members", "member", "users", "user", "across", "closely", "collaborate", "communication", "written",
        "verbal", "degree", "bachelor", "related", "field", "equivalent", "minimum", "ideal", "bonus", "nice",
        "have", "responsible", "support", "design", "develop", "maintain", "improve", "create", "write",
    };

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9#+'’]*(?:[./-][A-Za-z0-9#+]+)*[#+]*")]
    private static partial Regex OriginalWords();

    // Letters mixed with digits, #, + or an inner dot or slash: c#, c++, node.js, ci/cd, s3, k8s, http2.
    [GeneratedRegex(@"^(?=.*[a-z])(?:.*[0-9#+]|.+[./].+)")]
    private static partial Regex TechnicalShape();
}
