namespace Rehearse.Interview.Interviewers.QuestionBanks;

/// <summary>All questions of the built-in and user banks, by role, kind and difficulty.</summary>
public sealed class QuestionBankCatalog
{
    private readonly Dictionary<string, List<BankQuestion>> _byRole;
    private readonly Dictionary<string, BankQuestion> _byId;

    internal QuestionBankCatalog(IReadOnlyList<BankQuestion> questions, IReadOnlyDictionary<string, string> roleNames)
    {
        Questions = questions;
        _byRole = questions.GroupBy(q => q.Role, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        Roles = _byRole.Keys
            .Order(StringComparer.Ordinal)
            .Select(id => new RoleInfo(
                id,
                roleNames.TryGetValue(id, out var name) ? name : id,
                _byRole[id].Select(q => q.Kind).Distinct().Order().ToArray()))
            .ToArray();
    }

    /// <summary>Every question.</summary>
    public IReadOnlyList<BankQuestion> Questions { get; }

    /// <summary>Roles with questions, by id.</summary>
    public IReadOnlyList<RoleInfo> Roles { get; }

    /// <summary>The role with this id, or null.</summary>
    public RoleInfo? FindRole(string role) => Roles.FirstOrDefault(r => r.Id == role);

    /// <summary>The question with this id, or null.</summary>
    public BankQuestion? FindQuestion(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Questions of a role and kind, of every difficulty.</summary>
    public IReadOnlyList<BankQuestion> QuestionsFor(string role, InterviewKind kind) =>
        _byRole.TryGetValue(role, out var list) ? list.Where(q => q.Kind == kind).ToArray() : [];
}
