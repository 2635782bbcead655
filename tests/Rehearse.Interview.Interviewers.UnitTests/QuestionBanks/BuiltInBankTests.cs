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
    public void Every_built_in_question_has_key_points_follow_ups_and_a_spoken_length_example_answer()
    {
        Assert.All(Catalog.Questions, q =>
        {
            Assert.NotEmpty(q.KeyPoints);
            Assert.NotEmpty(q.FollowUps);
            Assert.NotNull(q.ExampleAnswer);
            // Long enough to show a complete answer, short enough to say in about a minute.
            var words = q.ExampleAnswer.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.True(words is >= 80 and <= 180, $"{q.Id}: example answer of {words} words");
        });
    }

    [Fact]
    public void Every_role_has_at_least_twelve_system_design_questions()
    {
        foreach (var role in Catalog.Roles)
        {
            var count = Catalog.QuestionsFor(role.Id, InterviewKind.SystemDesign).Count;
            Assert.True(count >= 12, $"{role.Id}: {count} system-design questions");
        }
    }

    [Theory]
    [InlineData("followUps", "followUps: at least one follow-up is required in a built-in bank")]
    [InlineData("exampleAnswer", "exampleAnswer: required in a built-in bank")]
    public void A_built_in_question_without_follow_ups_or_an_example_answer_is_refused(string missing, string problem)
    {
        var bank = """
            role: backend
            displayName: Backend engineer
            questions:
              - id: backend-complete-check
                type: technical
                difficulty: easy
                text: What is a queue?
                keyPoints:
                  - {point: First in first out, keywords: [fifo, first in]}
                followUps:
                  - When would you use a stack instead?
                exampleAnswer: A queue hands items out in the order they arrived.
            """;
        var incomplete = missing == "followUps"
            ? bank.Replace("    followUps:\n      - When would you use a stack instead?\n", "", StringComparison.Ordinal)
            : bank.Replace("    exampleAnswer: A queue hands items out in the order they arrived.", "", StringComparison.Ordinal);
        Assert.NotEqual(bank, incomplete);

        var error = Assert.Throws<QuestionBankException>(() => QuestionBankLoader.Parse([("complete.yaml", incomplete)], requireComplete: true));
        Assert.Equal(new QuestionBankError("complete.yaml", "backend-complete-check", problem), Assert.Single(error.Errors));

        // The same question is fine in a user bank, where both are optional, and complete it passes either way.
        Assert.Single(QuestionBankLoader.Parse([("user.yaml", incomplete)]).Questions);
        Assert.Single(QuestionBankLoader.Parse([("complete.yaml", bank)], requireComplete: true).Questions);
    }
}
