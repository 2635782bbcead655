using Rehearse.Coding.V1;
using Rehearse.Interview.Interviewers;
using Language = Rehearse.Coding.V1.Language;

namespace Rehearse.Interview.Core.Coding;

/// <summary>
/// Chooses a session's coding problems from the code runner's catalogue: problems of the session's difficulty first
/// (others fill in when there are too few), problems the user has not been given before ahead of the longest ago,
/// in random order otherwise.
/// </summary>
public sealed class CodingPlanner(ICodeRunnerPort runner)
{
    /// <summary>Plans up to <paramref name="count"/> coding questions in <paramref name="language"/>.</summary>
    public async Task<IReadOnlyList<PlannedQuestion>> PlanAsync(
        int count, DifficultyLevel difficulty, Language language, IReadOnlyDictionary<string, DateTimeOffset> askedBefore, CancellationToken cancellationToken)
    {
        var wanted = difficulty switch
        {
            DifficultyLevel.Easy => Difficulty.Easy,
            DifficultyLevel.Hard => Difficulty.Hard,
            _ => Difficulty.Medium,
        };
        var problems = (await runner.ListProblemsAsync(cancellationToken)).Where(p => p.Languages.Contains(language)).ToList();
        var chosen = problems
            .OrderBy(p => p.Difficulty == wanted ? 0 : 1)
            .ThenBy(p => askedBefore.TryGetValue(CodingTasks.QuestionId(p.Id), out var asked) ? asked : DateTimeOffset.MinValue)
            .ThenBy(_ => Random.Shared.Next())
            .Take(count)
            .ToList();
        var plan = new List<PlannedQuestion>();
        foreach (var summary in chosen)
        {
            var problem = await runner.GetProblemAsync(summary.Id, cancellationToken);
            var brief = CodingTasks.Brief(problem, language);
            plan.Add(new PlannedQuestion(
                CodingTasks.QuestionId(summary.Id),
                Interviewers.Coding.CodingQuestions.Introduction(summary.Title, brief.Language),
                [.. brief.ExplanationPoints.Select(p => p.Point)],
                null) { Coding = brief });
        }
        return plan;
    }
}
