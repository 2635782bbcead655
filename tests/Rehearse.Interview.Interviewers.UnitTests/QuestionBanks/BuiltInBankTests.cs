using Rehearse.Interview.Interviewers.QuestionBanks;

namespace Rehearse.Interview.Interviewers.UnitTests.QuestionBanks;

public sealed class BuiltInBankTests
{
    private static readonly QuestionBankCatalog Catalog = QuestionBankLoader.Load(userDirectory: null);

    [Fact]
    public void Built_in_banks_cover_the_product_roles_with_every_interview_kind()
    {
        string[] expected = ["backend", "frontend", "full-stack", "data-engineering", "machine-learning", "devops-sre", "mobile", "engineering-manager"];
        Assert.Superset(expected.ToHashSet(), Catalog.Roles.Select(r => r.Id).ToHashSet());
        foreach (var role in Catalog.Roles)
        {
            Assert.Equal([InterviewKind.Technical, InterviewKind.Behavioral, InterviewKind.SystemDesign], role.Kinds);
        }
    }

    [Fact]
    public void Built_in_banks_hold_over_two_hundred_questions_with_three_to_six_key_points()
    {
        Assert.True(Catalog.Questions.Count >= 200, $"{Catalog.Questions.Count} questions");
        Assert.All(Catalog.Questions, q => Assert.InRange(q.KeyPoints.Count, 3, 6));
        Assert.All(Catalog.Questions, q => Assert.All(q.KeyPoints, k => Assert.NotEmpty(k.Keywords)));
    }

    [Fact]
    public void Every_role_has_each_difficulty_for_every_kind()
    {
        foreach (var role in Catalog.Roles)
        {
            foreach (var kind in role.Kinds)
            {
                var difficulties = Catalog.QuestionsFor(role.Id, kind).Select(q => q.Difficulty).ToHashSet();
                Assert.True(difficulties.SetEquals([DifficultyLevel.Easy, DifficultyLevel.Medium, DifficultyLevel.Hard]),
                    $"{role.Id} {kind}: {string.Join(", ", difficulties)}");
            }
        }
    }

    [Fact]
    public void Many_questions_come_with_an_example_answer()
    {
        var withExample = Catalog.Questions.Count(q => q.ExampleAnswer is not null);
        Assert.True(withExample >= 30, $"{withExample} of {Catalog.Questions.Count}");
    }
}
