using Rehearse.Interview.UnitTests.Fakes;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

/// <summary>
/// An answer the turn detector heard end is provisional until the interviewer's reply has played for the resume
/// window: going on with it inside the window withdraws the reply and the answer continues as one turn.
/// </summary>
public sealed class RecoveryTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Going_on_while_the_reply_plays_withdraws_it_and_the_continuation_joins_the_same_answer()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        var call = await AnswerAndEndTurnAsync(s, "I would use a queue");
        var reply = await s.UtteranceAsync(UtteranceKind.Question);
        await s.NextAsync(e => e.InterviewerAudio is { IsLast: true } a && a.UtteranceId == reply.UtteranceId, "end of the reply's audio");
        await s.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        Assert.Empty(s.Actor.Turns);

        call.SpeechBegan(TimeSpan.FromSeconds(2));
        call.TurnBegan(TimeSpan.FromSeconds(2), "and");
        var withdrawn = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "withdrawal")).InterviewerInterrupted;
        await s.StateAsync(SessionState.Listening);
        call.Heard("and workers that retry", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        call.SpeechEnded(TimeSpan.FromSeconds(3));
        var continuation = (await s.NextAsync(e => e.Transcript is { IsFinal: true }, "the continuation's transcript")).Transcript;
        call.TurnEnded(TimeSpan.FromSeconds(3.5));
        await s.StateAsync(SessionState.Thinking);
        var answer = await s.ReplyAndCommitAsync();
        await s.StateAsync(SessionState.Listening);

        Assert.Equal((reply.UtteranceId, true), (withdrawn.UtteranceId, withdrawn.Withdrawn));
        Assert.Equal(TimeSpan.FromMilliseconds(300), withdrawn.Played.ToTimeSpan());
        Assert.Equal((1, 1), (reply.TurnIndex, reply.QuestionIndex));
        Assert.Equal((0, 1), (continuation.TurnIndex, continuation.SegmentIndex));
        Assert.Equal("I would use a queue and workers that retry", answer.Turn.Answer);
        Assert.Equal(0, answer.Turn.Index);
        Assert.Single(s.Received, e => e.AnswerCompleted is not null);
        Assert.Equal(2, Assert.Single(s.Actor.Turns).Turn.Segments.Count);
        // The interviewer decided its reply from the provisional answer, then again from the whole one.
        Assert.Equal(
            ["", "I would use a queue", "I would use a queue and workers that retry"],
            s.Interviewer.NextMoveCalls.Select(p => p.Turns.Count == 0 ? "" : p.Turns[^1].Answer));
    }

    [Fact]
    public async Task Going_on_while_the_interviewer_thinks_cancels_the_reply_before_it_is_said()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Interviewer.MoveGate = new TaskCompletionSource();
        var call = await AnswerAndEndTurnAsync(s, "I would use a queue");

        call.SpeechBegan(TimeSpan.FromSeconds(2));
        call.TurnBegan(TimeSpan.FromSeconds(2), "and");
        await s.StateAsync(SessionState.Listening);
        await WaitUntilAsync(() => s.Interviewer.CancelledMoves == 1, "the engine's call cancelled");
        s.Interviewer.MoveGate = null;

        call.Heard("and workers that retry", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        call.SpeechEnded(TimeSpan.FromSeconds(3));
        call.TurnEnded(TimeSpan.FromSeconds(3.5));
        await s.StateAsync(SessionState.Thinking);
        var answer = await s.ReplyAndCommitAsync();

        Assert.DoesNotContain(s.Received, e => e.InterviewerInterrupted is not null);
        Assert.Equal("I would use a queue and workers that retry", answer.Turn.Answer);
        Assert.Single(s.Actor.Turns);
    }

    [Fact]
    public async Task A_reply_longer_than_the_window_commits_the_answer_once_it_has_played_for_the_window()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Speech.PieceDuration = s.Options.TurnTaking.ResumeWindow;
        var call = await AnswerAndEndTurnAsync(s, "I would use a queue");
        var reply = await s.UtteranceAsync(UtteranceKind.Question);
        await s.NextAsync(e => e.InterviewerAudio is { IsLast: true } a && a.UtteranceId == reply.UtteranceId, "end of the reply's audio");
        var window = s.Options.TurnTaking.ResumeWindow;

        await s.AdvanceAsync(window - Chunk);
        Assert.Empty(s.Actor.Turns);
        var committed = await s.AdvanceUntilAsync(Chunk, e => e.AnswerCompleted is not null, "answer committed at the window");
        Assert.Equal(SessionState.Speaking, s.State);
        Assert.Equal("I would use a queue", committed.AnswerCompleted.Turn.Answer);
        await call.WhenDisposed;

        // Speech after the window answers the reply's question: a barge-in, not a withdrawal.
        await s.SendAudioAsync(Chunk);
        var next = await s.Speech.NextCallAsync();
        next.SpeechBegan(TimeSpan.Zero);
        next.TurnBegan(TimeSpan.Zero, "Mostly");
        var interrupted = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "interruption")).InterviewerInterrupted;
        await s.StateAsync(SessionState.Listening);
        Assert.Equal((reply.UtteranceId, false), (interrupted.UtteranceId, interrupted.Withdrawn));
    }

    [Fact]
    public async Task A_reply_shorter_than_the_window_commits_the_answer_when_it_has_played()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await AnswerAndEndTurnAsync(s, "I would use a queue");
        var before = s.Clock.GetUtcNow();

        var answer = await s.ReplyAndCommitAsync();

        Assert.True(s.Clock.GetUtcNow() - before < s.Options.TurnTaking.ResumeWindow);
        Assert.Equal("I would use a queue", answer.Turn.Answer);
        await s.StateAsync(SessionState.Listening);
    }

    [Fact]
    public async Task A_backchannel_while_the_reply_plays_does_not_withdraw_it()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        var call = await AnswerAndEndTurnAsync(s, "I would use a queue");
        await s.UtteranceAsync(UtteranceKind.Question);

        call.SpeechBegan(TimeSpan.FromSeconds(2));
        call.Heard("Okay.", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.3));
        call.SpeechEnded(TimeSpan.FromSeconds(2.3));
        call.Backchannel(TimeSpan.FromSeconds(2.3), "Okay.");
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of the backchannel");
        var answer = (await s.AdvanceUntilAsync(s.Speech.UtteranceDuration, e => e.AnswerCompleted is not null, "answer committed")).AnswerCompleted;

        Assert.DoesNotContain(s.Received, e => e.InterviewerInterrupted is not null);
        Assert.Equal("I would use a queue", answer.Turn.Answer);
    }

    [Fact]
    public async Task An_acknowledgement_is_withdrawn_too_and_said_again_after_the_whole_answer()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Interviewer.Acknowledges = true;
        var call = await AnswerAndEndTurnAsync(s, "I would use a queue");
        var thanks = await s.UtteranceAsync(UtteranceKind.Acknowledgement);

        call.SpeechBegan(TimeSpan.FromSeconds(2));
        call.TurnBegan(TimeSpan.FromSeconds(2), "and");
        var withdrawn = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "withdrawal")).InterviewerInterrupted;
        await s.StateAsync(SessionState.Listening);
        call.Heard("and retries", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        call.SpeechEnded(TimeSpan.FromSeconds(3));
        call.TurnEnded(TimeSpan.FromSeconds(3.5));
        // The acknowledgement is short: the window stays open into the next question, and closes while it plays.
        await s.PlayAsync(UtteranceKind.Acknowledgement);
        var next = await s.UtteranceAsync(UtteranceKind.Question);
        var answer = (await s.AdvanceUntilAsync(s.Speech.UtteranceDuration, e => e.AnswerCompleted is not null, "answer committed")).AnswerCompleted;

        Assert.Equal((thanks.UtteranceId, true), (withdrawn.UtteranceId, withdrawn.Withdrawn));
        Assert.Equal(1, next.QuestionIndex);
        Assert.Equal("I would use a queue and retries", answer.Turn.Answer);
    }

    [Fact]
    public async Task Going_on_after_a_short_acknowledgement_has_played_withdraws_the_next_question()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Interviewer.Acknowledges = true;
        var call = await AnswerAndEndTurnAsync(s, "I would use a queue");
        await s.PlayAsync(UtteranceKind.Acknowledgement);
        var next = await s.UtteranceAsync(UtteranceKind.Question);
        Assert.Empty(s.Actor.Turns);

        call.SpeechBegan(TimeSpan.FromSeconds(3));
        call.TurnBegan(TimeSpan.FromSeconds(3), "because");
        var withdrawn = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "withdrawal")).InterviewerInterrupted;
        await s.StateAsync(SessionState.Listening);

        Assert.Equal((next.UtteranceId, true), (withdrawn.UtteranceId, withdrawn.Withdrawn));
        Assert.Empty(s.Actor.Turns);
    }

    [Fact]
    public async Task Pausing_during_the_window_keeps_the_answer()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await AnswerAndEndTurnAsync(s, "I would use a queue");
        await s.UtteranceAsync(UtteranceKind.Question);

        await s.ControlAsync(ControlAction.Pause);
        var answer = await s.AnswerCompletedAsync();
        await s.StateAsync(SessionState.Paused);
        await s.ControlAsync(ControlAction.Resume);
        var repeated = await s.ListenToQuestionAsync(1);

        Assert.Equal((AnswerEndReason.Silence, "I would use a queue"), (answer.Reason, answer.Turn.Answer));
        Assert.Equal(SessionDriver.Plan[1].Text, repeated.Text);
    }

    [Fact]
    public async Task Ending_the_session_during_the_window_keeps_the_answer_in_the_report()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Interviewer.MoveGate = new TaskCompletionSource();
        await AnswerAndEndTurnAsync(s, "I would use a queue");

        await s.ControlAsync(ControlAction.End);
        var answer = await s.AnswerCompletedAsync();
        await s.NextAsync(e => e.ReportReady is not null, "report");
        await s.Actor.FlushAsync(SessionDriver.Ct);

        Assert.Equal("I would use a queue", answer.Turn.Answer);
        Assert.Equal("I would use a queue", Assert.Single(s.Store.AppliedTurns).Turn.Answer);
        await WaitUntilAsync(() => s.Interviewer.CancelledMoves == 1, "the engine's call cancelled");
    }

    [Fact]
    public async Task Skipping_during_the_window_keeps_the_answer_and_skips_the_question_the_reply_asks()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await AnswerAndEndTurnAsync(s, "I would use a queue");
        await s.UtteranceAsync(UtteranceKind.Question);

        await s.ControlAsync(ControlAction.SkipQuestion);
        var answer = await s.AnswerCompletedAsync();
        var skipped = await s.AnswerCompletedAsync();

        Assert.Equal((0, AnswerEndReason.Silence, "I would use a queue"), (answer.Turn.Index, answer.Reason, answer.Turn.Answer));
        Assert.Equal((1, AnswerEndReason.Skipped, SessionDriver.Plan[1].Text), (skipped.Turn.Index, skipped.Reason, skipped.Turn.Question));
    }

    [Fact]
    public async Task Typing_during_the_window_keeps_the_spoken_answer_and_answers_the_reply_s_question()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await AnswerAndEndTurnAsync(s, "I would use a queue");
        await s.UtteranceAsync(UtteranceKind.Question);

        await s.Actor.SendTextAsync("With a heap profiler.", SessionDriver.Ct);
        var spoken = await s.AnswerCompletedAsync();
        var typed = await s.AnswerCompletedAsync();

        Assert.Equal((0, "I would use a queue"), (spoken.Turn.Index, spoken.Turn.Answer));
        Assert.Equal((1, true, "With a heap profiler.", SessionDriver.Plan[1].Text), (typed.Turn.Index, typed.Turn.Typed, typed.Turn.Answer, typed.Turn.Question));
    }

    [Fact]
    public async Task Done_during_the_window_commits_the_answer_at_once()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Interviewer.MoveGate = new TaskCompletionSource();
        await AnswerAndEndTurnAsync(s, "I would use a queue");

        await s.ControlAsync(ControlAction.DoneAnswering);
        var answer = await s.AnswerCompletedAsync();
        s.Interviewer.MoveGate.SetResult();
        await s.ListenToQuestionAsync(1);

        Assert.Equal("I would use a queue", answer.Turn.Answer);
    }

    /// <summary>Answers the first question and has the turn detector hear the turn end; the session thinks.</summary>
    private static async Task<FakeRecognitionCall> AnswerAndEndTurnAsync(SessionDriver s, string words)
    {
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said(words, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        call.TurnEnded(TimeSpan.FromSeconds(1.5));
        await s.StateAsync(SessionState.Thinking);
        return call;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SessionDriver.EventTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(10, SessionDriver.Ct);
        }
    }
}
