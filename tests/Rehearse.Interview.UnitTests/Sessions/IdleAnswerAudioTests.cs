using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class IdleAnswerAudioTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan IdleTimeout = new InterviewOptions().AnswerAudioIdleTimeout;

    [Fact]
    public async Task A_recognition_call_without_audio_for_the_idle_timeout_is_closed_and_later_audio_continues_the_answer()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        call.Heard("Retries with backoff", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.Transcript is { IsFinal: true }, "final transcript");

        await s.AdvanceAsync(IdleTimeout - Chunk);
        Assert.False(call.Completed.IsCompleted);

        await s.AdvanceAsync(Chunk);
        await call.Completed.WaitAsync(SessionDriver.EventTimeout, SessionDriver.Ct);
        call.SpeechEnded(TimeSpan.FromSeconds(1));
        call.End();
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");
        await s.SettleAsync();
        Assert.Equal(SessionState.Listening, s.State);

        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var reopened = await s.Speech.NextCallAsync();
        reopened.Heard("and a dead letter queue", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var second = (await s.NextAsync(e => e.Transcript is { IsFinal: true }, "final transcript of the new call")).Transcript;
        await s.ControlAsync(ControlAction.DoneAnswering);
        await reopened.Completed;
        reopened.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal(AnswerEndReason.Done, answer.Reason);
        Assert.Equal("Retries with backoff and a dead letter queue", answer.Turn.Answer);
        Assert.Equal(TimeSpan.FromSeconds(1), second.StartOffset.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(1), reopened.AudioWritten);
    }

    [Fact]
    public async Task Audio_arriving_while_the_idle_call_finishes_waits_for_a_new_call_instead_of_being_refused()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        await s.AdvanceAsync(IdleTimeout);
        await call.Completed.WaitAsync(SessionDriver.EventTimeout, SessionDriver.Ct);

        var reply = await s.QueueAudioAsync(Chunk);
        await s.SettleAsync();
        Assert.False(reply.IsCompleted);
        Assert.False(s.Speech.HasPendingCall);

        call.End();
        var next = await s.Speech.NextCallAsync();
        Assert.Equal(2, await reply.WaitAsync(SessionDriver.EventTimeout, SessionDriver.Ct));
        next.Heard("Use a profiler", TimeSpan.Zero, Chunk);
        var transcript = (await s.NextAsync(e => e.Transcript is { IsFinal: true }, "final transcript")).Transcript;
        await s.ControlAsync(ControlAction.DoneAnswering);
        await next.Completed;
        next.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal("Use a profiler", answer.Turn.Answer);
        Assert.Equal(Chunk, transcript.StartOffset.ToTimeSpan());
        Assert.Equal(Chunk, next.AudioWritten);
    }

    [Fact]
    public async Task Audio_queued_behind_an_idle_call_is_still_heard_when_the_answer_ends_meanwhile()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        await s.AdvanceAsync(IdleTimeout);
        await call.Completed.WaitAsync(SessionDriver.EventTimeout, SessionDriver.Ct);
        var reply = await s.QueueAudioAsync(Chunk);
        await s.ControlAsync(ControlAction.DoneAnswering);

        call.End();
        var next = await s.Speech.NextCallAsync();
        await reply.WaitAsync(SessionDriver.EventTimeout, SessionDriver.Ct);
        await next.Completed.WaitAsync(SessionDriver.EventTimeout, SessionDriver.Ct);
        next.Heard("A heap snapshot", TimeSpan.Zero, Chunk);
        next.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal("A heap snapshot", answer.Turn.Answer);
        Assert.Equal(Chunk, next.AudioWritten);
    }

    [Fact]
    public async Task A_recognition_call_stays_open_while_audio_keeps_arriving()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();

        for (var second = 0; second < 15; second++)
        {
            await s.AdvanceAsync(TimeSpan.FromSeconds(1));
            await s.SendAudioAsync(Chunk);
        }
        await s.SettleAsync();

        Assert.False(call.Completed.IsCompleted);
        Assert.False(s.Speech.HasPendingCall);
        Assert.Equal(TimeSpan.FromSeconds(1.6), call.AudioWritten);
    }
}
