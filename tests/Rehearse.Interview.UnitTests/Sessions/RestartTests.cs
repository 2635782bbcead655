using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class RestartTests
{
    [Fact]
    public async Task A_session_loaded_after_a_restart_continues_with_the_next_question_once_started()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.Actor.SendTextAsync("Retries with backoff.", SessionDriver.Ct);
        await s.AnswerCompletedAsync();
        // Scoring runs off the loop: its event may come before or after the next question's.
        await s.AnyAsync(e => e.AnswerScored is not null, "score");
        await s.ListenToQuestionAsync(1);
        var before = s.Actor.Events.LastSequence;

        await s.RestartAsync();

        Assert.Equal(SessionState.Listening, s.State);
        Assert.Single(s.Actor.Turns);
        var notRunning = await Assert.ThrowsAsync<SessionStateException>(() => s.SendAudioAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Contains("CONTROL_ACTION_START", notRunning.Message);

        await s.ControlAsync(ControlAction.Start);
        var thinking = await s.StateAsync(SessionState.Thinking);
        var question = await s.ListenToQuestionAsync(1);

        // Numbers the process before the restart may have published without storing them are not used again.
        Assert.Equal(before + SessionEventLog.ReloadSkip + 1, thinking.Sequence);
        Assert.Equal(1, question.TurnIndex);
        Assert.Equal(SessionDriver.Plan[1].Text, question.Text);
        var progress = s.Interviewer.NextMoveCalls[^1];
        Assert.Equal("Retries with backoff.", Assert.Single(progress.Turns).Answer);

        await s.Actor.SendTextAsync("A heap profiler.", SessionDriver.Ct);
        await s.PlayAsync(UtteranceKind.Closing);
        await s.StateAsync(SessionState.Finished);
        Assert.Equal([0, 1], s.Actor.Turns.Select(t => t.Turn.Index));
        Assert.All(s.Actor.Turns, t => Assert.NotNull(t.Assessment));
    }
}
