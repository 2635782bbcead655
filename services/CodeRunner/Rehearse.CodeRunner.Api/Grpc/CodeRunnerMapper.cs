using Google.Protobuf.WellKnownTypes;
using Rehearse.CodeRunner.Problems.Catalog;
using Rehearse.CodeRunner.Problems.Judging;
using Rehearse.CodeRunner.Sandbox;
using Rehearse.Coding.V1;
using ProtoOutputChunk = Rehearse.Coding.V1.OutputChunk;
using ProtoVerdict = Rehearse.Coding.V1.Verdict;
using SandboxChunk = Rehearse.CodeRunner.Sandbox.OutputChunk;

namespace Rehearse.CodeRunner.Api.Grpc;

/// <summary>Converts between the contract's messages and the library's types.</summary>
internal static class CodeRunnerMapper
{
    public static CodeRunRequest ToRequest(RunCodeRequest request)
    {
        var language = request.Language switch
        {
            Language.Python => CodeLanguage.Python,
            Language.Javascript => CodeLanguage.JavaScript,
            _ => throw new SandboxRequestException("language", $"required: LANGUAGE_PYTHON or LANGUAGE_JAVASCRIPT (was {request.Language})"),
        };
        TimeSpan? timeLimit = null;
        if (request.TimeLimit is { } limit)
        {
            if (limit.Nanos is < -999_999_999 or > 999_999_999 || (limit.Seconds > 0 && limit.Nanos < 0) || (limit.Seconds < 0 && limit.Nanos > 0))
            {
                throw new SandboxRequestException("time_limit", "is not a valid duration");
            }
            timeLimit = limit.Seconds > 3600 ? TimeSpan.FromHours(1) : limit.Seconds < -3600 ? TimeSpan.FromHours(-1) : limit.ToTimeSpan();
        }
        return new CodeRunRequest(
            language,
            request.Source,
            string.IsNullOrEmpty(request.ProblemId) ? null : request.ProblemId,
            request.TestSet == TestSet.All ? TestSelection.All : TestSelection.Examples,
            request.Stdin,
            timeLimit);
    }

    public static RunCodeResponse ToResponse(CodeRunOutcome outcome)
    {
        var run = outcome.Run;
        var response = new RunCodeResponse
        {
            Status = run.Status switch
            {
                SandboxStatus.Completed => RunStatus.Completed,
                SandboxStatus.RuntimeError => RunStatus.RuntimeError,
                SandboxStatus.TimeLimitExceeded => RunStatus.TimeLimitExceeded,
                SandboxStatus.MemoryLimitExceeded => RunStatus.MemoryLimitExceeded,
                SandboxStatus.OutputLimitExceeded => RunStatus.OutputLimitExceeded,
                _ => RunStatus.Unspecified,
            },
            ExitCode = run.ExitCode,
            Stdout = outcome.Stdout,
            Stderr = run.Stderr,
            OutputTruncated = run.OutputTruncated,
            WallTime = Duration.FromTimeSpan(run.WallTime),
            CpuTime = run.CpuTime is { } cpu ? Duration.FromTimeSpan(cpu) : null,
            PeakMemoryBytes = run.PeakMemoryBytes ?? 0,
            Verdict = outcome.Verdict switch
            {
                Problems.Judging.Verdict.Accepted => ProtoVerdict.Accepted,
                Problems.Judging.Verdict.WrongAnswer => ProtoVerdict.WrongAnswer,
                Problems.Judging.Verdict.NotCompleted => ProtoVerdict.NotCompleted,
                _ => ProtoVerdict.Unspecified,
            },
            PassedCount = outcome.PassedCount,
            TestCount = outcome.Tests.Count,
        };
        response.TestResults.AddRange(outcome.Tests.Select(t => new TestResult
        {
            Index = t.Index,
            Hidden = t.Hidden,
            Passed = t.Passed,
            InputJson = t.InputJson,
            ExpectedJson = t.ExpectedJson,
            ActualJson = t.ActualJson,
            Error = t.Error,
            Duration = Duration.FromTimeSpan(t.Duration),
        }));
        return response;
    }

    public static ProtoOutputChunk ToChunk(SandboxChunk chunk) => new()
    {
        Stream = chunk.Kind == OutputKind.Stderr ? OutputStream.Stderr : OutputStream.Stdout,
        Text = chunk.Text,
    };

    public static Difficulty ToDifficulty(ProblemDifficulty difficulty) => difficulty switch
    {
        ProblemDifficulty.Easy => Difficulty.Easy,
        ProblemDifficulty.Medium => Difficulty.Medium,
        _ => Difficulty.Hard,
    };

    public static ProblemDifficulty? ToDifficulty(Difficulty difficulty) => difficulty switch
    {
        Difficulty.Easy => ProblemDifficulty.Easy,
        Difficulty.Medium => ProblemDifficulty.Medium,
        Difficulty.Hard => ProblemDifficulty.Hard,
        _ => null,
    };

    public static Language ToLanguage(CodeLanguage language) => language == CodeLanguage.Python ? Language.Python : Language.Javascript;

    public static ProblemSummary ToSummary(CodingProblem problem)
    {
        var summary = new ProblemSummary { Id = problem.Id, Title = problem.Title, Difficulty = ToDifficulty(problem.Difficulty) };
        summary.Tags.AddRange(problem.Tags);
        summary.Languages.AddRange(problem.StarterCode.Keys.Order().Select(ToLanguage));
        return summary;
    }

    public static Problem ToProblem(CodingProblem problem, TimeSpan timeLimit)
    {
        var message = new Problem
        {
            Summary = ToSummary(problem),
            Statement = problem.Statement,
            HiddenTestCount = problem.HiddenTests.Count,
            ExpectedTimeComplexity = problem.TimeComplexity,
            ExpectedSpaceComplexity = problem.SpaceComplexity,
            TimeLimit = Duration.FromTimeSpan(timeLimit),
        };
        message.StarterCode.AddRange(problem.StarterCode.OrderBy(p => p.Key).Select(p => new StarterCode { Language = ToLanguage(p.Key), Code = p.Value }));
        message.Examples.AddRange(problem.Examples.Select(e => new TestCase { InputJson = e.InputJson, ExpectedJson = e.ExpectedJson, Explanation = e.Explanation }));
        message.Hints.AddRange(problem.Hints);
        message.ExplanationPoints.AddRange(problem.ExplanationPoints.Select(p =>
        {
            var point = new Coding.V1.ExplanationPoint { Point = p.Point };
            point.Keywords.AddRange(p.Keywords);
            return point;
        }));
        return message;
    }
}
