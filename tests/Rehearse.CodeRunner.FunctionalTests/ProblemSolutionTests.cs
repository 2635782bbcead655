using Rehearse.Coding.V1;

namespace Rehearse.CodeRunner.FunctionalTests;

/// <summary>
/// Every problem's reference solution passes all its tests, and its naive solution fails them, in both languages,
/// through the real runner.
/// </summary>
public sealed class ProblemSolutionTests(CodeRunnerFixture runner)
{
    private static readonly string SolutionsDirectory = Path.Combine(AppContext.BaseDirectory, "Solutions");

    /// <summary>Every problem in the repository's Solutions directory, with each language.</summary>
    public static TheoryData<string, string> Solutions()
    {
        var data = new TheoryData<string, string>();
        foreach (var directory in Directory.GetDirectories(SolutionsDirectory).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(directory), "py");
            data.Add(Path.GetFileName(directory), "js");
        }
        return data;
    }

    [Fact]
    public async Task Every_problem_of_the_catalogue_has_reference_and_naive_solutions()
    {
        var listed = await runner.CreateRunnerClient().ListProblemsAsync(new ListProblemsRequest(), cancellationToken: TestContext.Current.CancellationToken);
        var withSolutions = Directory.GetDirectories(SolutionsDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(listed.Problems.Select(p => p.Id).Order(StringComparer.Ordinal), withSolutions);
        foreach (var id in withSolutions)
        {
            foreach (var file in new[] { "reference.py", "reference.js", "naive.py", "naive.js" })
            {
                Assert.True(File.Exists(Path.Combine(SolutionsDirectory, id!, file)), $"{id}/{file} is missing");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Solutions))]
    public async Task The_reference_solution_passes_every_test(string problemId, string extension)
    {
        var response = await RunAsync(problemId, "reference", extension);
        var failed = response.TestResults.FirstOrDefault(t => !t.Passed);
        Assert.True(response.Verdict == Verdict.Accepted,
            $"{problemId} reference.{extension}: {response.Status}, {response.Verdict}, test {failed?.Index}: {failed?.Error} {failed?.ActualJson}\n{response.Stderr}");
        Assert.Equal(response.TestCount, response.PassedCount);
        Assert.Contains(response.TestResults, t => t.Hidden);
    }

    [Theory]
    [MemberData(nameof(Solutions))]
    public async Task The_naive_solution_fails(string problemId, string extension)
    {
        var response = await RunAsync(problemId, "naive", extension);
        Assert.True(response.Verdict == Verdict.WrongAnswer, $"{problemId} naive.{extension}: {response.Status}, {response.Verdict}\n{response.Stderr}");
        Assert.True(response.PassedCount < response.TestCount);
    }

    private async Task<RunCodeResponse> RunAsync(string problemId, string solution, string extension)
    {
        var source = await File.ReadAllTextAsync(Path.Combine(SolutionsDirectory, problemId, $"{solution}.{extension}"), TestContext.Current.CancellationToken);
        return await runner.CreateRunnerClient().RunCodeAsync(new RunCodeRequest
        {
            Language = extension == "py" ? Language.Python : Language.Javascript,
            Source = source,
            ProblemId = problemId,
            TestSet = TestSet.All,
        }, cancellationToken: TestContext.Current.CancellationToken);
    }
}
