namespace Rehearse.CodeRunner.Problems.Catalog;

/// <summary>Every problem of the built-in and user problem files.</summary>
public sealed class ProblemCatalog
{
    private readonly Dictionary<string, CodingProblem> _byId;

    internal ProblemCatalog(IEnumerable<CodingProblem> problems)
    {
        Problems = [.. problems.OrderBy(p => p.Difficulty).ThenBy(p => p.Id, StringComparer.Ordinal)];
        _byId = Problems.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>Every problem, by difficulty then id.</summary>
    public IReadOnlyList<CodingProblem> Problems { get; }

    /// <summary>The problem with this id, or null.</summary>
    public CodingProblem? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Problems of a difficulty (any when null) carrying a tag (any when empty).</summary>
    public IReadOnlyList<CodingProblem> Filter(ProblemDifficulty? difficulty, string? tag) =>
        [.. Problems.Where(p => (difficulty is null || p.Difficulty == difficulty)
            && (string.IsNullOrEmpty(tag) || p.Tags.Contains(tag, StringComparer.Ordinal)))];
}
