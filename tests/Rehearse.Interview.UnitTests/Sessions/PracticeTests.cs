using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Reports;
using Rehearse.Interview.V1;
using TurnFeedback = Rehearse.Interview.Interviewers.TurnFeedback;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class PracticeTests
{
    [Fact]
    public async Task The_feedback_survives_a_pause_and_a_redo_is_a_new_attempt_that_the_engine_sees_alone()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { Practice = true });
        await s.Actor.SendTextAsync("First try.", SessionDriver.Ct);
        var first = (await s.NextAsync(e => e.AnswerFeedback is not null, "feedback on the first attempt")).AnswerFeedback;
        Assert.Equal((0, 1, 70, false), (first.QuestionIndex, first.Attempt, first.Scores.Overall, first.HasPreviousOverall));
        var spoken = await s.UtteranceAsync(UtteranceKind.Feedback);
        Assert.Equal(first.SpokenText, spoken.Text);

        // Paused while the feedback is spoken: resuming comes back to the choice, not past it.
        await s.ControlAsync(ControlAction.Pause);
        await s.StateAsync(SessionState.Paused);
        await s.ControlAsync(ControlAction.Resume);
        await s.StateAsync(SessionState.Reviewing);

        await s.ControlAsync(ControlAction.RedoAnswer);
        var again = await s.ListenToQuestionAsync(0);
        Assert.Equal(1, again.TurnIndex);
        await s.Actor.SendTextAsync("Second try.", SessionDriver.Ct);
        var second = (await s.NextAsync(e => e.AnswerFeedback is not null, "feedback on the second attempt")).AnswerFeedback;
        Assert.Equal((2, 70), (second.Attempt, second.PreviousOverall));
        await s.AdvanceUntilAsync(s.Speech.UtteranceDuration, e => e.StateChanged?.Current == SessionState.Reviewing, "reviewing after the second feedback");

        await s.ControlAsync(ControlAction.Continue);
        await s.ListenToQuestionAsync(1);
        // The engine chose question 2 from the second attempt alone: the first is not part of its progress.
        var progress = s.Interviewer.NextMoveCalls[^1];
        var turn = Assert.Single(progress.Turns);
        Assert.Equal((1, 2, "Second try."), (turn.Index, turn.Attempt, turn.Answer));
        Assert.Equal([1, 2], s.Actor.Turns.Select(t => t.Turn.Attempt));
    }

    [Fact]
    public async Task A_spoken_redo_is_judged_by_the_engine_alone_so_its_follow_up_comes_before_the_feedback_that_scores_it()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { Practice = true }, plan: [SessionDriver.Plan[0]]);
        s.Interviewer.FollowsUp = true;
        s.Interviewer.Acknowledges = true;
        // The first attempt: a main answer and its follow-up, then the feedback.
        await s.Actor.SendTextAsync("First try.", SessionDriver.Ct);
        await s.PlayAsync(UtteranceKind.FollowUp);
        await s.Actor.SendTextAsync("First follow-up answer.", SessionDriver.Ct);
        await s.NextAsync(e => e.AnswerFeedback is { Attempt: 1 }, "feedback on the first attempt");
        await s.AdvanceUntilAsync(s.Speech.UtteranceDuration, e => e.StateChanged?.Current == SessionState.Reviewing, "reviewing after the first feedback");

        // The second attempt is spoken, and the turn detector ends it: the engine replies to a provisional answer.
        await s.ControlAsync(ControlAction.RedoAnswer);
        await s.ListenToQuestionAsync(0);
        var decisions = s.Interviewer.NextMoveCalls.Count;
        await s.SendAudioAsync(TimeSpan.FromMilliseconds(100));
        var call = await s.Speech.NextCallAsync();
        call.Said("Second try with queues and retries", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        call.TurnEnded(TimeSpan.FromSeconds(1.5));
        await s.StateAsync(SessionState.Thinking);
        var deadline = DateTime.UtcNow + SessionDriver.EventTimeout;
        while (s.Interviewer.NextMoveCalls.Count == decisions && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, SessionDriver.Ct);
        }
        // The engine sees the new attempt alone, as it will once the answer is committed: the first attempt's
        // follow-up does not stop it following up the second.
        var seen = s.Interviewer.NextMoveCalls[^1].Turns;
        Assert.Equal([(2, 2, MoveKind.Question)], seen.Select(t => (t.Index, t.Attempt, t.Kind)));
        var main = await s.ReplyAndCommitAsync(UtteranceKind.FollowUp);
        await s.StateAsync(SessionState.Listening);
        await s.Actor.SendTextAsync("Second follow-up answer.", SessionDriver.Ct);
        var second = (await s.NextAsync(e => e.AnswerFeedback is { Attempt: 2 }, "feedback on the second attempt")).AnswerFeedback;
        await s.AdvanceUntilAsync(s.Speech.UtteranceDuration, e => e.StateChanged?.Current == SessionState.Reviewing, "reviewing after the second feedback");
        await s.ControlAsync(ControlAction.Continue);
        await s.PlayAsync(UtteranceKind.Acknowledgement);
        await s.PlayAsync(UtteranceKind.Closing);
        await s.StateAsync(SessionState.Finished);

        // The feedback scored the whole attempt: no answer joined it afterwards, so the report's rule on the
        // finished session gives the same score.
        Assert.Equal((2, 2), (main.Turn.Index, main.Turn.Attempt));
        var attempt = s.Actor.Turns.Where(t => t.Turn.Attempt == 2).Select(t => new TurnFeedback(t.Turn, t.Assessment!)).ToList();
        Assert.Equal([MoveKind.Question, MoveKind.FollowUp], attempt.Select(f => f.Turn.Kind));
        Assert.Equal(ReportComposer.ScoreAttempt(InterviewKind.Technical, attempt).Scores.Overall, second.Scores.Overall);
    }

    [Fact]
    public async Task Continue_outside_the_feedback_and_a_redo_before_any_answer_are_refused_naming_the_state()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();

        var redo = await Assert.ThrowsAsync<Core.Errors.SessionStateException>(() => s.ControlAsync(ControlAction.RedoAnswer));
        var proceed = await Assert.ThrowsAsync<Core.Errors.SessionStateException>(() => s.ControlAsync(ControlAction.Continue));

        Assert.Equal("There is no answer to try again (the session is listening).", redo.Message);
        Assert.Equal("There is no feedback to continue from (the session is listening).", proceed.Message);
    }
}
