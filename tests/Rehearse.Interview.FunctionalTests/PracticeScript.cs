using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Plays a practice session: answers every question and follow-up, and decides at each feedback.</summary>
public static class PracticeScript
{
    /// <summary>A typed answer too short to cover the question: the offline interviewer follows it up and scores it low.</summary>
    public const string WeakAnswer = "I would use a cache.";

    /// <summary>A session request for a short text-only practice session.</summary>
    public static SessionConfig TextOnly(int questions = 1)
    {
        var config = InterviewScript.TextOnly(questions);
        config.Practice = true;
        return config;
    }

    /// <summary>What is being answered: the main question, its attempt, and whether it is a follow-up.</summary>
    public sealed record Asked(int QuestionIndex, int Attempt, bool FollowUp);

    /// <summary>
    /// Answers each question or follow-up with <paramref name="answer"/> and, at
    /// each feedback, once the session is reviewing, lets <paramref name="choose"/> redo or continue. Returns the
    /// feedback in order, when the session has finished.
    /// </summary>
    public static async Task<IReadOnlyList<AnswerFeedback>> PlayAsync(
        SessionEvents events, Func<Asked, Task> answer, Func<AnswerFeedback, Task> choose, int maxSteps = 20)
    {
        var feedback = new List<AnswerFeedback>();
        var attempt = 1;
        AnswerFeedback? last = null;
        for (var step = 0; step < maxSteps; step++)
        {
            var next = await events.WaitForAsync(e =>
                e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.Question or UtteranceKind.FollowUp }
                || e.AnswerFeedback is not null
                || e.StateChanged?.Current == SessionState.Finished);
            if (next.StateChanged is not null)
            {
                return feedback;
            }
            if (next.AnswerFeedback is { } given)
            {
                feedback.Add(given);
                last = given;
                await events.WaitForStateAsync(SessionState.Reviewing);
                await choose(given);
                continue;
            }
            var utterance = next.InterviewerUtterance;
            if (utterance.Kind == UtteranceKind.Question)
            {
                // The question asked again after its feedback is the next attempt; any other question is a first.
                attempt = last?.QuestionIndex == utterance.QuestionIndex ? last.Attempt + 1 : 1;
            }
            await events.WaitForStateAsync(SessionState.Listening);
            await answer(new Asked(utterance.QuestionIndex, attempt, utterance.Kind == UtteranceKind.FollowUp));
        }
        Assert.Fail($"The session did not finish within {maxSteps} steps.");
        return feedback;
    }
}
