using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Rehearse.Coding.V1;
using Rehearse.Interview.Interviewers.Coding;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.V1;
using Language = Rehearse.Coding.V1.Language;
using RunCodeResponse = Rehearse.Coding.V1.RunCodeResponse;

namespace Rehearse.Interview.Core.Coding;

/// <summary>The coding task of a question: how it starts, how runs change it, and what it comes to for scoring.</summary>
public static class CodingTasks
{
    /// <summary>The planned question's id for a problem.</summary>
    public static string QuestionId(string problemId) => "coding/" + problemId;

    /// <summary>A language as people say it.</summary>
    public static string Name(Language language) => language switch
    {
        Language.Javascript => "JavaScript",
        _ => "Python",
    };

    /// <summary>What an interviewer needs of a problem, with the problem itself kept for presenting it.</summary>
    public static CodingProblemBrief Brief(Problem problem, Language language) => new(
        problem.Summary.Id,
        problem.Summary.Title,
        Name(language),
        problem.ExpectedTimeComplexity,
        problem.ExpectedSpaceComplexity,
        [.. problem.Hints],
        [.. problem.ExplanationPoints.Select(p => new KeyPoint(p.Point, [.. p.Keywords]))],
        JsonFormatter.Default.Format(problem));

    /// <summary>The task as it starts: the problem as the candidate sees it (no hints, expected complexity or explanation points) and the starter code.</summary>
    public static CodingTask Start(CodingProblemBrief brief, Language language)
    {
        var problem = JsonParser.Default.Parse<Problem>(brief.ProblemJson);
        var hintCount = problem.Hints.Count;
        problem.Hints.Clear();
        problem.ExplanationPoints.Clear();
        problem.ExpectedTimeComplexity = "";
        problem.ExpectedSpaceComplexity = "";
        return new CodingTask
        {
            Problem = problem,
            Language = language,
            Code = problem.StarterCode.FirstOrDefault(s => s.Language == language)?.Code ?? "",
            HintCount = hintCount,
        };
    }

    /// <summary>Records a run (or the submission) in the task; returns true when it is the first run to pass every test it ran.</summary>
    public static bool Record(CodingTask task, string source, TestSet testSet, bool submission, RunCodeResponse result, DateTimeOffset at, DateTimeOffset presentedAt)
    {
        task.Code = source;
        task.Runs.Add(new CodeRunSummary
        {
            Time = Timestamp.FromDateTimeOffset(at),
            TestSet = testSet,
            Status = result.Status,
            Verdict = result.Verdict,
            PassedCount = result.PassedCount,
            TestCount = result.TestCount,
            Submission = submission,
            WallTime = result.WallTime,
        });
        if (submission)
        {
            task.Submitted = true;
            task.SubmissionResult = result;
        }
        if (task.TimeToFirstPass is null && result.Verdict == Verdict.Accepted)
        {
            task.TimeToFirstPass = Duration.FromTimeSpan(at - presentedAt);
            return true;
        }
        return false;
    }

    /// <summary>What the task comes to, for scoring and the report.</summary>
    public static CodingOutcome Outcome(CodingTask task)
    {
        var last = task.Runs.LastOrDefault();
        var result = task.SubmissionResult;
        var hiddenPassed = result?.TestResults.Count(t => t.Hidden && t.Passed) ?? 0;
        return new CodingOutcome(
            task.Problem.Summary.Id,
            task.Problem.Summary.Title,
            Name(task.Language),
            task.Code,
            task.Submitted,
            last?.PassedCount ?? 0,
            last?.TestCount ?? 0,
            hiddenPassed,
            task.Problem.HiddenTestCount,
            task.Runs.Count(r => !r.Submission),
            task.TimeToFirstPass?.ToTimeSpan(),
            task.Hints.Count,
            last is null ? "The code was never run." : Summary(last, result));
    }

    // A run in a line: its verdict, the tests passed and, for a wrong answer, the first visible failure.
    private static string Summary(CodeRunSummary run, RunCodeResponse? result)
    {
        var verdict = run.Verdict switch
        {
            Verdict.Accepted => "Accepted",
            Verdict.WrongAnswer => "Wrong answer",
            _ => run.Status switch
            {
                RunStatus.TimeLimitExceeded => "Time limit exceeded",
                RunStatus.MemoryLimitExceeded => "Memory limit exceeded",
                RunStatus.OutputLimitExceeded => "Output limit exceeded",
                _ => "Runtime error",
            },
        };
        var summary = $"{verdict}: {run.PassedCount} of {run.TestCount} tests passed";
        if (result?.TestResults.FirstOrDefault(t => !t.Passed) is { } failed)
        {
            summary += failed.Hidden
                ? $"; hidden test {failed.Index + 1} failed"
                : failed.Error.Length > 0
                    ? $"; test {failed.Index + 1} raised {failed.Error}"
                    : $"; test {failed.Index + 1} expected {failed.ExpectedJson} but got {failed.ActualJson}";
        }
        return summary + ".";
    }
}
