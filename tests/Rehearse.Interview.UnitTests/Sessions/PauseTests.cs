using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class PauseTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Time_paused_does_not_count_against_the_answer_time_limit()
    {
        var limit = TimeSpan.FromSeconds(10);
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { AnswerTimeLimit = limit });
        await s.AdvanceAsync(TimeSpan.FromSeconds(6));

        await s.ControlAsync(ControlAction.Pause);
        await s.StateAsync(SessionState.Paused);
        await s.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(SessionState.Paused, s.State);
        Assert.Empty(s.Actor.Turns);

        // Resuming asks the question again; the answer is timed from the end of the question.
        await s.ControlAsync(ControlAction.Resume);
        await s.ListenToQuestionAsync(0);
        await s.AdvanceAsync(limit - Chunk);
        Assert.Equal(SessionState.Listening, s.State);
        var completed = await s.AdvanceUntilAsync(Chunk, e => e.AnswerCompleted is not null, "answer completed at the limit");

        Assert.Equal(AnswerEndReason.TimeLimit, completed.AnswerCompleted.Reason);
        Assert.Equal(0, completed.AnswerCompleted.Turn.Index);
    }

    [Fact]
    public async Task Pausing_while_the_question_plays_stops_it_and_resuming_asks_it_again()
    {
        await using var s = await SessionDriver.CreateAsync();
        await s.ControlAsync(ControlAction.Start);
        await s.PlayAsync(UtteranceKind.Greeting);
        var question = await s.UtteranceAsync(UtteranceKind.Question);

        await s.ControlAsync(ControlAction.Pause);
        await s.StateAsync(SessionState.Paused);
        // The question's playback would have ended long ago: a paused session does not start listening.
        await s.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(SessionState.Paused, s.State);

        await s.ControlAsync(ControlAction.Resume);
        var again = await s.ListenToQuestionAsync(0);

        Assert.Equal(question.Text, again.Text);
        Assert.NotEqual(question.UtteranceId, again.UtteranceId);
        Assert.Equal(0, again.TurnIndex);
    }

    [Fact]
    public async Task An_answer_paused_after_some_speech_goes_on_after_resume()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        call.Heard("I would start with", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        call.SpeechEnded(TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");

        await s.ControlAsync(ControlAction.Pause);
        await s.StateAsync(SessionState.Paused);
        await s.AdvanceAsync(TimeSpan.FromMinutes(1));
        await s.ControlAsync(ControlAction.Resume);
        await s.ListenToQuestionAsync(0);

        // The silence before the pause and the pause itself are not silence after the answer.
        await s.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(SessionState.Listening, s.State);
        Assert.Empty(s.Actor.Turns);

        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var resumed = await s.Speech.NextCallAsync();
        resumed.Said("a bounded queue", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        resumed.TurnEnded(TimeSpan.FromSeconds(1.5));
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal(AnswerEndReason.Silence, answer.Reason);
        Assert.Equal("I would start with a bounded queue", answer.Turn.Answer);
        await call.WhenDisposed;
    }

    [Fact]
    public async Task Pause_and_resume_while_the_report_is_written_keep_the_session_finishing()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Interviewer.ReportGate = new TaskCompletionSource();
        var end = s.ControlAsync(ControlAction.End);
        await s.StateAsync(SessionState.Thinking);

        await s.ControlAsync(ControlAction.Pause);
        await s.StateAsync(SessionState.Paused);
        await s.ControlAsync(ControlAction.Resume);
        await s.StateAsync(SessionState.Thinking);
        await s.ControlAsync(ControlAction.Pause);
        await s.StateAsync(SessionState.Paused);
        Assert.False(end.IsCompleted);

        // The report written while paused finishes the session.
        s.Interviewer.ReportGate.SetResult();
        await end;
        await s.NextAsync(e => e.ReportReady is not null, "report");
        await s.StateAsync(SessionState.Finished);

        Assert.True(s.Actor.Finished.IsCompletedSuccessfully);
        Assert.Equal(2, s.Speech.Synthesized.Count);
        Assert.DoesNotContain(s.Received, e => e.InterviewerUtterance is { Kind: UtteranceKind.Question, QuestionIndex: > 0 });
    }
}
