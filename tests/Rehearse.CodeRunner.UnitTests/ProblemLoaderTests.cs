using Rehearse.CodeRunner.Problems.Catalog;
using Rehearse.CodeRunner.Sandbox;

namespace Rehearse.CodeRunner.UnitTests;

public sealed class ProblemLoaderTests
{
    private const string Valid = """
        id: add-two
        title: Add Two
        difficulty: easy
        tags: [math]
        statement: Return a + b.
        function:
          name: addTwo
          params: [{name: a, type: int}, {name: b, type: int}]
          returns: int
        starterCode:
          python: |
            def add_two(a, b):
                pass
          javascript: |
            function addTwo(a, b) {}
        examples:
          - {input: '[1, 2]', expected: '3', explanation: One and two.}
        tests:
          - {input: '[-1, 1]', expected: '0'}
        complexity: {time: O(1), space: O(1)}
        hints: [Add them.]
        explanation:
          - {point: Addition is constant time, keywords: [constant, o(1)]}
        """;

    [Fact]
    public void The_built_in_catalogue_has_at_least_thirty_valid_problems_across_difficulties_and_topics()
    {
        var catalog = ProblemLoader.Load(null);
        Assert.True(catalog.Problems.Count >= 30, $"{catalog.Problems.Count} problems");
        Assert.All(Enum.GetValues<ProblemDifficulty>(), d => Assert.True(catalog.Problems.Count(p => p.Difficulty == d) >= 5, $"{d}"));
        foreach (var tag in new[] { "arrays", "hashing", "two-pointers", "stacks", "intervals", "linked-lists", "trees", "graphs", "dynamic-programming", "design" })
        {
            Assert.Contains(catalog.Problems, p => p.Tags.Contains(tag));
        }
        Assert.Contains(catalog.Problems, p => p.Id == "lru-cache" && p.Entry.Kind == EntryKind.Class);
        Assert.All(catalog.Problems, p => Assert.Equal(new[] { CodeLanguage.Python, CodeLanguage.JavaScript }, p.StarterCode.Keys.Order()));
    }

    [Fact]
    public void A_valid_file_becomes_a_problem_with_canonical_json()
    {
        var problem = Assert.Single(ProblemLoader.Parse([("add-two.yaml", Valid)]).Problems);
        Assert.Equal("add-two", problem.Id);
        Assert.Equal((EntryKind.Function, "addTwo", "int"), (problem.Entry.Kind, problem.Entry.Name, problem.Entry.ReturnType));
        Assert.Equal(["int", "int"], problem.Entry.ParameterTypes);
        Assert.Equal("[1,2]", problem.Examples[0].InputJson);
        Assert.Equal("One and two.", problem.Examples[0].Explanation);
        Assert.Equal("0", problem.HiddenTests[0].ExpectedJson);
        Assert.Equal(ResultComparison.Exact, problem.Comparison);
        Assert.Null(problem.TimeLimit);
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_naming_the_field()
    {
        var broken = Valid
            .Replace("id: add-two", "id: Add Two", StringComparison.Ordinal)
            .Replace("difficulty: easy", "difficulty: trivial", StringComparison.Ordinal)
            .Replace("expected: '3'", "expected: '{3'", StringComparison.Ordinal)
            .Replace("input: '[-1, 1]'", "input: '[-1]'", StringComparison.Ordinal)
            .Replace("  javascript: |\n    function addTwo(a, b) {}\n", "", StringComparison.Ordinal);
        var error = Assert.Throws<ProblemFileException>(() => ProblemLoader.Parse([("broken.yaml", broken)]));
        var problems = error.Errors.Select(e => e.Problem).ToList();
        Assert.Contains(problems, p => p.StartsWith("id: required, lower-case", StringComparison.Ordinal));
        Assert.Contains("difficulty: must be easy, medium or hard (was 'trivial')", problems);
        Assert.Contains(problems, p => p.StartsWith("examples[1].expected: not valid JSON", StringComparison.Ordinal));
        Assert.Contains("tests[1].input: a JSON array of 2 argument(s)", problems);
        Assert.Contains("starterCode.javascript: required", problems);
        Assert.All(error.Errors, e => Assert.Equal("broken.yaml", e.File));
        Assert.StartsWith("Invalid problem file (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_id_names_the_first_file()
    {
        var error = Assert.Throws<ProblemFileException>(() => ProblemLoader.Parse([("a.yaml", Valid), ("b.yaml", Valid)]));
        Assert.Equal("b.yaml: id: 'add-two' is already used in a.yaml", Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public void A_design_problem_needs_operations_that_start_with_its_constructor()
    {
        var design = Valid
            .Replace("function:\n  name: addTwo\n  params: [{name: a, type: int}, {name: b, type: int}]\n  returns: int", "class:\n  name: Counter\n  params: []", StringComparison.Ordinal)
            .Replace("{input: '[1, 2]', expected: '3', explanation: One and two.}", "{input: '{\"operations\": [\"Counter\", \"add\"], \"arguments\": [[], [1]]}', expected: '[null, 1]'}", StringComparison.Ordinal)
            .Replace("{input: '[-1, 1]', expected: '0'}", "{input: '{\"operations\": [\"add\"], \"arguments\": [[1]]}', expected: '[1]'}", StringComparison.Ordinal);
        var error = Assert.Throws<ProblemFileException>(() => ProblemLoader.Parse([("design.yaml", design)]));
        Assert.Contains(error.Errors, e => e.Problem.StartsWith("tests[1]: input {\"operations\": [\"Counter\", ...]", StringComparison.Ordinal));
    }

    [Fact]
    public void User_problems_are_read_from_the_directory_and_a_missing_directory_is_named()
    {
        var directory = Directory.CreateTempSubdirectory("rehearse-problems-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "add-two.yaml"), Valid);
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "not a problem");
            var catalog = ProblemLoader.Load(directory.FullName);
            Assert.Equal(Path.Combine(directory.FullName, "add-two.yaml"), catalog.Find("add-two")?.Source);
            Assert.True(catalog.Problems.Count > 30);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
        var missing = Assert.Throws<ProblemFileException>(() => ProblemLoader.Load("/no/such/directory"));
        Assert.Equal("CodeRunner:Problems:Directory '/no/such/directory' does not exist.", missing.Message);
    }

    [Fact]
    public void A_time_limit_above_the_cap_is_refused()
    {
        var error = Assert.Throws<ProblemFileException>(() => ProblemLoader.Parse([("slow.yaml", Valid + "\ntimeLimit: '00:01:00'\n")]));
        Assert.Equal("timeLimit: a duration above 0 and at most 00:00:30 (was '00:01:00')", Assert.Single(error.Errors).Problem);
    }
}
