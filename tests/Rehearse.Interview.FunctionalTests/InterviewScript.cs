using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Plays an interview to its end: waits for each question and answers it, until the session finishes.</summary>
public static class InterviewScript
{
    /// <summary>A typed answer that covers what the offline interviewer looks for (example, trade-off, result).</summary>
    public static string TypedAnswer(int index) =>
        $"Answer {index}: for example, at my last job I owned a payment service. I measured the problem first, " +
        "weighed the trade-off between consistency and latency, chose idempotent retries with a queue, and explained " +
        "the decision to the team. As a result, failed payments dropped by forty percent within a month.";

    /// <summary>Answers every question with <paramref name="answer"/> until the session finishes; returns what was answered, in order.</summary>
    public static async Task<IReadOnlyList<string>> PlayAsync(SessionEvents events, Func<int, Task<string>> answer, int maxTurns = 12)
    {
        var answers = new List<string>();
        while (true)
        {
            var next = await events.WaitForAsync(e =>
                e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.Question or UtteranceKind.FollowUp }
                || e.StateChanged?.Current == SessionState.Finished);
            if (next.StateChanged is not null)
            {
                return answers;
            }
            Assert.True(answers.Count < maxTurns, $"More than {maxTurns} questions.");
            await events.WaitForStateAsync(SessionState.Listening);
            answers.Add(await answer(answers.Count));
        }
    }

    /// <summary>A session request for a short text-only interview.</summary>
    public static SessionConfig TextOnly(int questions = 2) => new()
    {
        Role = "backend",
        InterviewType = InterviewType.Technical,
        Difficulty = Difficulty.Medium,
        QuestionCount = questions,
        Spoken = false,
    };

    /// <summary>Asserts a call fails with <paramref name="code"/> and returns its message.</summary>
    public static async Task<string> FailsWith(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == error.StatusCode, $"Expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        return error.Status.Detail;
    }
}
