using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class InterruptionTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_turn_begun_while_the_question_plays_interrupts_the_interviewer_and_starts_the_answer()
    {
        await using var s = await SessionDriver.CreateAsync();
        await s.ControlAsync(ControlAction.Start);
        await s.PlayAsync(UtteranceKind.Greeting);
        var question = await s.UtteranceAsync(UtteranceKind.Question);
        await s.NextAsync(e => e.InterviewerAudio is { IsLast: true }, "end of question audio");
        await s.AdvanceAsync(TimeSpan.FromMilliseconds(300));

        // Audio alone (an open microphone) does not interrupt, nor does voice before it is known to be a turn.
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.FromMilliseconds(50));
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: true }, "speech");
        await s.SettleAsync();
        Assert.Equal(SessionState.Speaking, s.State);

        call.TurnBegan(TimeSpan.FromMilliseconds(50), "Sorry");
        var interrupted = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "interruption")).InterviewerInterrupted;
        await s.StateAsync(SessionState.Listening);

        Assert.Equal(question.UtteranceId, interrupted.UtteranceId);
        Assert.Equal(TimeSpan.FromMilliseconds(300), interrupted.Played.ToTimeSpan());
        Assert.False(interrupted.Withdrawn);

        // The answer goes on in the same recognition call.
        call.Heard("Sorry, a job queue with retries", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));
        call.SpeechEnded(TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");
        await s.ControlAsync(ControlAction.DoneAnswering);
        await call.Completed;
        call.End();
        var answer = await s.AnswerCompletedAsync();
        Assert.Equal("Sorry, a job queue with retries", answer.Turn.Answer);
        Assert.Equal(question.Text, answer.Turn.Question);
    }

    [Fact]
    public async Task A_backchannel_while_the_question_plays_does_not_interrupt_it()
    {
        await using var s = await SessionDriver.CreateAsync();
        await s.ControlAsync(ControlAction.Start);
        await s.PlayAsync(UtteranceKind.Greeting);
        var question = await s.UtteranceAsync(UtteranceKind.Question);
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();

        call.SpeechBegan(TimeSpan.FromMilliseconds(50));
        call.Heard("Yeah.", TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400));
        call.SpeechEnded(TimeSpan.FromMilliseconds(400));
        call.Backchannel(TimeSpan.FromMilliseconds(400), "Yeah.");
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of the backchannel");
        await s.SettleAsync();
        Assert.Equal(SessionState.Speaking, s.State);

        // The question plays to its end and the session listens.
        await s.AnyAsync(e => e.InterviewerAudio is { IsLast: true } a && a.UtteranceId == question.UtteranceId, "end of question audio");
        await s.AdvanceUntilAsync(s.Speech.UtteranceDuration, e => e.StateChanged?.Current == SessionState.Listening, "listening");
        Assert.DoesNotContain(s.Received, e => e.InterviewerInterrupted is not null);
    }

    [Fact]
    public async Task The_client_s_interrupt_still_stops_the_question()
    {
        await using var s = await SessionDriver.CreateAsync();
        await s.ControlAsync(ControlAction.Start);
        await s.PlayAsync(UtteranceKind.Greeting);
        var question = await s.UtteranceAsync(UtteranceKind.Question);
        await s.NextAsync(e => e.InterviewerAudio is { IsLast: true }, "end of question audio");

        await s.ControlAsync(ControlAction.Interrupt);

        var interrupted = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "interruption")).InterviewerInterrupted;
        await s.StateAsync(SessionState.Listening);
        Assert.Equal((question.UtteranceId, false), (interrupted.UtteranceId, interrupted.Withdrawn));
    }

    [Fact]
    public async Task Speech_during_the_greeting_does_not_interrupt_it()
    {
        await using var s = await SessionDriver.CreateAsync();
        await s.ControlAsync(ControlAction.Start);
        await s.UtteranceAsync(UtteranceKind.Greeting);

        // Audio outside a question is not part of an answer: no recognition call, nothing to interrupt.
        Assert.Equal(1, await s.SendAudioAsync(Chunk));
        await s.SettleAsync();

        Assert.False(s.Speech.HasPendingCall);
        Assert.Equal(SessionState.Speaking, s.State);
    }

    [Fact]
    public async Task The_client_s_interrupt_skips_the_greeting_to_the_first_question()
    {
        await using var s = await SessionDriver.CreateAsync();
        await s.ControlAsync(ControlAction.Start);
        var greeting = await s.UtteranceAsync(UtteranceKind.Greeting);

        await s.ControlAsync(ControlAction.Interrupt);

        var interrupted = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "interruption")).InterviewerInterrupted;
        Assert.Equal(greeting.UtteranceId, interrupted.UtteranceId);
        var question = await s.UtteranceAsync(UtteranceKind.Question);
        Assert.Equal(0, question.QuestionIndex);
    }

    [Fact]
    public async Task A_typed_answer_while_the_question_plays_interrupts_it_and_completes_a_typed_turn()
    {
        await using var s = await SessionDriver.CreateAsync();
        await s.ControlAsync(ControlAction.Start);
        await s.PlayAsync(UtteranceKind.Greeting);
        var question = await s.UtteranceAsync(UtteranceKind.Question);
        await s.NextAsync(e => e.InterviewerAudio is { IsLast: true }, "end of question audio");
        await s.AdvanceAsync(TimeSpan.FromMilliseconds(200));

        await s.Actor.SendTextAsync("  Workers pull jobs and acknowledge them.  ", SessionDriver.Ct);
        var interrupted = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "interruption")).InterviewerInterrupted;
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal(question.UtteranceId, interrupted.UtteranceId);
        Assert.Equal(AnswerEndReason.Typed, answer.Reason);
        Assert.True(answer.Turn.Typed);
        Assert.Equal("Workers pull jobs and acknowledge them.", answer.Turn.Answer);
    }

    [Fact]
    public async Task Typed_and_skipped_answers_become_turns_and_the_interview_moves_on()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.Actor.SendTextAsync("A queue with retries and a dead letter queue.", SessionDriver.Ct);
        var typed = await s.AnswerCompletedAsync();
        await s.ListenToQuestionAsync(1);
        await s.ControlAsync(ControlAction.SkipQuestion);
        var skipped = await s.AnswerCompletedAsync();
        await s.PlayAsync(UtteranceKind.Closing);
        await s.NextAsync(e => e.ReportReady is not null, "report");
        await s.StateAsync(SessionState.Finished);
        await s.Actor.FlushAsync(SessionDriver.Ct);

        Assert.Equal((AnswerEndReason.Typed, true, false, 0), (typed.Reason, typed.Turn.Typed, typed.Turn.Skipped, typed.Turn.Index));
        Assert.Equal((AnswerEndReason.Skipped, false, true, 1, ""), (skipped.Reason, skipped.Turn.Typed, skipped.Turn.Skipped, skipped.Turn.Index, skipped.Turn.Answer));
        Assert.Equal(SessionDriver.Plan[1].Text, skipped.Turn.Question);
        Assert.Collection(s.Store.AppliedTurns,
            t => Assert.Equal((true, false, "A queue with retries and a dead letter queue."), (t.Turn.Typed, t.Turn.Skipped, t.Turn.Answer)),
            t => Assert.Equal((false, true, AnswerEndReason.Skipped), (t.Turn.Typed, t.Turn.Skipped, t.EndReason)));
        Assert.False(s.Speech.HasPendingCall);
    }

    [Fact]
    public async Task A_typed_answer_is_refused_while_the_interviewer_thinks()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Interviewer.ReportGate = new TaskCompletionSource();
        var end = s.ControlAsync(ControlAction.End);
        await s.StateAsync(SessionState.Thinking);

        var refused = await Assert.ThrowsAsync<SessionStateException>(() => s.Actor.SendTextAsync("late", SessionDriver.Ct));

        Assert.Contains("thinking", refused.Message);
        s.Interviewer.ReportGate.SetResult();
        await end;
    }
}
