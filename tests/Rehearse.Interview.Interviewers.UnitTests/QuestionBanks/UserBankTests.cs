using Rehearse.Interview.Interviewers.QuestionBanks;

namespace Rehearse.Interview.Interviewers.UnitTests.QuestionBanks;

public sealed class UserBankTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rehearse-banks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_valid_yaml_bank_adds_a_new_role_and_merges_with_the_built_in_ones()
    {
        File.WriteAllText(Path.Combine(_directory, "security.yaml"), """
            role: security
            displayName: Security engineer
            questions:
              - id: security-threat-model
                type: technical
                difficulty: medium
                text: How do you threat-model a new login page?
                tags: [security]
                keyPoints:
                  - point: Identify assets and attackers
                    keywords: [assets, attacker, stride]
            """);

        var catalog = QuestionBankLoader.Load(_directory);

        Assert.Equal("Security engineer", catalog.FindRole("security")?.DisplayName);
        Assert.Equal([InterviewKind.Technical], catalog.FindRole("security")!.Kinds);
        Assert.NotNull(catalog.FindRole("backend"));
        Assert.Equal("security.yaml", Path.GetFileName(catalog.FindQuestion("security-threat-model")!.Source));
    }

    [Fact]
    public void A_json_bank_can_add_questions_to_a_built_in_role()
    {
        File.WriteAllText(Path.Combine(_directory, "extra.json"), """
            {
              "role": "backend",
              "questions": [
                {
                  "id": "acme-backend-queues",
                  "type": "system-design",
                  "difficulty": "hard",
                  "text": "Design the order queue of our warehouse system.",
                  "keyPoints": [ { "point": "Durable queue", "keywords": ["durable", "kafka"] } ],
                  "followUps": ["What happens when a consumer crashes mid-order?"]
                }
              ]
            }
            """);

        var catalog = QuestionBankLoader.Load(_directory);

        var question = catalog.FindQuestion("acme-backend-queues");
        Assert.NotNull(question);
        Assert.Equal(InterviewKind.SystemDesign, question.Kind);
        Assert.Contains(question, catalog.QuestionsFor("backend", InterviewKind.SystemDesign));
    }

    [Fact]
    public void Every_problem_is_reported_with_the_file_the_question_and_the_field()
    {
        File.WriteAllText(Path.Combine(_directory, "broken.yaml"), """
            role: backend
            questions:
              - id: backend-idempotent-endpoints
                type: technical
                difficulty: medium
                text: Duplicate id of a built-in question.
                keyPoints:
                  - point: Something
                    keywords: [something]
              - id: Bad Id
                type: coding
                difficulty: extreme
                text: ""
                keyPoints: []
            """);

        var error = Assert.Throws<QuestionBankException>(() => QuestionBankLoader.Load(_directory));

        Assert.Contains(error.Errors, e => e.QuestionId == "backend-idempotent-endpoints" && e.Problem.Contains("duplicate", StringComparison.Ordinal) && e.Problem.Contains("backend.yaml", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.QuestionId == "Bad Id" && e.Problem.StartsWith("id:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.QuestionId == "Bad Id" && e.Problem.StartsWith("type:", StringComparison.Ordinal) && e.Problem.Contains("'coding'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.QuestionId == "Bad Id" && e.Problem.StartsWith("difficulty:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.QuestionId == "Bad Id" && e.Problem.StartsWith("text:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.QuestionId == "Bad Id" && e.Problem.StartsWith("keyPoints:", StringComparison.Ordinal));
        Assert.All(error.Errors, e => Assert.EndsWith("broken.yaml", e.File, StringComparison.Ordinal));
        Assert.Contains("broken.yaml: question 'Bad Id': type: must be technical, behavioral or system-design", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_file_and_the_line()
    {
        File.WriteAllText(Path.Combine(_directory, "syntax.yml"), "role: backend\nquestions:\n  - id: x\n    text: [unclosed\n");

        var error = Assert.Throws<QuestionBankException>(() => QuestionBankLoader.Load(_directory));

        var problem = Assert.Single(error.Errors);
        Assert.EndsWith("syntax.yml", problem.File, StringComparison.Ordinal);
        Assert.Matches(@"^line \d+, column \d+: ", problem.Problem);
    }

    [Fact]
    public void An_unknown_field_in_json_is_refused_rather_than_ignored()
    {
        File.WriteAllText(Path.Combine(_directory, "typo.json"), """{ "role": "backend", "questoins": [] }""");

        var error = Assert.Throws<QuestionBankException>(() => QuestionBankLoader.Load(_directory));

        Assert.Contains("questoins", Assert.Single(error.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_role_without_a_display_name_is_refused()
    {
        File.WriteAllText(Path.Combine(_directory, "norole.yaml"), """
            role: qa
            questions:
              - id: qa-1
                type: technical
                difficulty: easy
                text: What is a flaky test?
                keyPoints:
                  - point: Passes and fails without code changes
                    keywords: [nondeterministic, intermittent]
            """);

        var error = Assert.Throws<QuestionBankException>(() => QuestionBankLoader.Load(_directory));

        Assert.StartsWith("displayName: required for role 'qa'", Assert.Single(error.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_a_clear_error()
    {
        var missing = Path.Combine(_directory, "nope");

        var error = Assert.Throws<QuestionBankException>(() => QuestionBankLoader.Load(missing));

        Assert.Contains("Interviewers:QuestionBanks:Directory", error.Message, StringComparison.Ordinal);
    }
}
