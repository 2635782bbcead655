using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers.Text;

namespace Rehearse.Interview.Interviewers.Offline;

/// <summary>
/// Chooses a session's main questions from the banks: the requested difficulty first, then the neighbouring ones;
/// within a difficulty, questions the user was never asked first, then those asked longest ago (so nothing repeats
/// until the role's questions of that kind and difficulty are exhausted); then questions whose topics appear in the
/// job description or résumé; no question twice.
/// </summary>
public sealed class QuestionPlanner(QuestionBankCatalog catalog)
{
    /// <summary>Most main questions in a session.</summary>
    public const int MaxQuestions = 20;

    /// <summary>Plans the questions; returns fewer than asked when the bank has fewer.</summary>
    /// <exception cref="ArgumentException">Unknown role, a role without questions of the kind, or a count out of range.</exception>
    public IReadOnlyList<BankQuestion> Plan(InterviewSetup setup, int seed)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var role = catalog.FindRole(setup.Role)
            ?? throw new ArgumentException(
                $"role: unknown role '{setup.Role}'; known roles: {string.Join(", ", catalog.Roles.Select(r => r.Id))}.",
                nameof(setup));
        if (setup.QuestionCount is < 1 or > MaxQuestions)
        {
            throw new ArgumentException(
                $"question_count: must be between 1 and {MaxQuestions} (was {setup.QuestionCount}).", nameof(setup));
        }

        var candidates = catalog.QuestionsFor(role.Id, setup.Kind);
        if (candidates.Count == 0)
        {
            throw new ArgumentException(
                $"interview_type: role '{role.Id}' has no {setup.Kind} questions; it has {string.Join(", ", role.Kinds)}.",
                nameof(setup));
        }

        var interests = InterestStems(setup);
        var random = new Random(seed);
        return candidates
            .Select(q => (Question: q, Distance: Math.Abs((int)q.Difficulty - (int)setup.Difficulty),
                LastAsked: setup.AskedBefore.GetValueOrDefault(q.Id, DateTimeOffset.MinValue),
                Relevance: Relevance(q, interests), Tiebreak: random.Next()))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.LastAsked)
            .ThenByDescending(c => c.Relevance)
            .ThenBy(c => c.Tiebreak)
            .Take(setup.QuestionCount)
            .Select(c => c.Question)
            .ToArray();
    }

    private static HashSet<string> InterestStems(InterviewSetup setup)
    {
        var text = $"{setup.JobDescription} {setup.Resume}";
        return TextTokens.Words(text)
            .Where(w => !TextTokens.IsStopWord(w) && w.Length > 1)
            .Select(TextTokens.Stem)
            .ToHashSet(StringComparer.Ordinal);
    }

    // Counts the question's tags and key-point keywords that the job description or résumé mention.
    private static int Relevance(BankQuestion question, HashSet<string> interests)
    {
        if (interests.Count == 0)
        {
            return 0;
        }

        var terms = question.Tags.Concat(question.KeyPoints.SelectMany(k => k.Keywords));
        return terms.Count(term =>
        {
            var stems = TextTokens.Stems(term);
            return stems.Length > 0 && stems.All(interests.Contains);
        });
    }
}
