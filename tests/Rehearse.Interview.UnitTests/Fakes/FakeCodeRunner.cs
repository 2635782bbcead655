using Google.Protobuf;
using Rehearse.Coding.V1;
using Rehearse.Interview.Core.Coding;
using Rehearse.Interview.Interviewers;

namespace Rehearse.Interview.UnitTests.Fakes;

/// <summary>
/// A code runner with one problem, "sum", whose runs pass every test they run (or what <see cref="Result"/> says), so
/// the sessions driven here can have a coding question.
/// </summary>
internal sealed class FakeCodeRunner : ICodeRunnerPort
{
    public static readonly Problem Problem = new()
    {
        Summary = new ProblemSummary { Id = "sum", Title = "Sum", Difficulty = Difficulty.Easy, Languages = { Language.Python } },
        Statement = "Return the sum of `nums`.",
        StarterCode = { new StarterCode { Language = Language.Python, Code = "def sum_all(nums):\n    pass\n" } },
        Examples = { new TestCase { InputJson = "[[1,2]]", ExpectedJson = "3" } },
        HiddenTestCount = 2,
        ExpectedTimeComplexity = "O(n)",
        ExpectedSpaceComplexity = "O(1)",
        Hints = { "Add them up one by one.", "Keep a running total." },
        ExplanationPoints = { new ExplanationPoint { Point = "One pass with a running total", Keywords = { "running total" } } },
    };

    /// <summary>A main question of a session: the problem above.</summary>
    public static PlannedQuestion Question => new("coding/sum", "Now a coding problem: Sum.", ["One pass with a running total"], null)
    {
        Coding = CodingTasks.Brief(Problem, Language.Python),
    };

    private readonly List<RunCodeRequest> _requests = [];

    /// <summary>The result of a run, from its request; by default every test run passes.</summary>
    public Func<RunCodeRequest, RunCodeResponse> Result { get; set; } = request =>
    {
        var count = request.TestSet == TestSet.All ? 3 : 1;
        return new RunCodeResponse { Status = RunStatus.Completed, Verdict = Verdict.Accepted, PassedCount = count, TestCount = count };
    };

    /// <summary>The runs asked for, in order.</summary>
    public IReadOnlyList<RunCodeRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public bool Configured => true;

    public Task<IReadOnlyList<ProblemSummary>> ListProblemsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProblemSummary>>([Problem.Summary]);

    public Task<Problem> GetProblemAsync(string problemId, CancellationToken cancellationToken) => Task.FromResult(Problem.Clone());

    public Task<RunCodeResponse> RunAsync(RunCodeRequest request, Func<OutputChunk, CancellationToken, Task>? output, CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(request.Clone());
        }
        return Task.FromResult(Result(request));
    }
}
