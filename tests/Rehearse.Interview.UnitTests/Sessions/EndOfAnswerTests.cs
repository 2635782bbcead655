using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class EndOfAnswerTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Silence_in_the_audio_ends_the_answer_once_it_lasts_the_end_of_answer_silence()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        await s.SendAudioInChunksAsync(TimeSpan.FromMilliseconds(900));
        call.Heard("I would use a durable queue", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        call.SpeechEnded(TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");

        // The client streams without pause; the clock does not move, so only audio time can end the answer.
        await s.SendAudioInChunksAsync(s.Settings.EndOfAnswerSilence - Chunk);
        await s.SettleAsync();
        Assert.Equal(SessionState.Listening, s.State);

        await s.SendAudioAsync(Chunk);
        await s.StateAsync(SessionState.Thinking);
        await call.Completed;
        call.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal(AnswerEndReason.Silence, answer.Reason);
        Assert.Equal("I would use a durable queue", answer.Turn.Answer);
        Assert.Equal(TimeSpan.FromSeconds(3.5), call.AudioWritten);
    }

    [Fact]
    public async Task Silence_on_the_clock_ends_the_answer_of_a_client_that_stopped_sending()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        call.Heard("Mostly with a profiler", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        call.SpeechEnded(TimeSpan.FromSeconds(1));
        var ended = await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");

        // The clock allows one tick more than the silence, for audio still on its way.
        await s.AdvanceAsync(s.Settings.EndOfAnswerSilence);
        Assert.Equal(SessionState.Listening, s.State);

        var thinking = await s.AdvanceUntilAsync(Chunk, e => e.StateChanged?.Current == SessionState.Thinking, "end of answer");
        call.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal(AnswerEndReason.Silence, answer.Reason);
        Assert.True(thinking.Time.ToDateTimeOffset() - ended.Time.ToDateTimeOffset() >= s.Settings.EndOfAnswerSilence + Chunk);
    }

    [Fact]
    public async Task A_final_result_that_arrives_after_done_is_part_of_the_answer()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        await s.SendAudioInChunksAsync(TimeSpan.FromSeconds(2));
        call.Heard("First I would add retries", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.Transcript is { IsFinal: true }, "first final transcript");

        await s.ControlAsync(ControlAction.DoneAnswering);
        await s.StateAsync(SessionState.Thinking);
        await call.Completed;
        await s.SettleAsync();
        Assert.Empty(s.Actor.Turns);

        // The recognizer delivers the utterance that was still open when DONE came, within the grace.
        await s.AdvanceAsync(s.Speech.RecognitionGrace - Chunk);
        call.Heard("and then a dead letter queue", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        call.SpeechEnded(TimeSpan.FromSeconds(2));
        call.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal(AnswerEndReason.Done, answer.Reason);
        Assert.Equal("First I would add retries and then a dead letter queue", answer.Turn.Answer);
        Assert.Equal(2, s.Actor.Turns[0].Turn.Segments.Count);
    }

    [Fact]
    public async Task After_done_a_recognizer_that_never_finishes_leaves_what_was_heard_by_the_grace()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        call.Heard("A queue", TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        await s.NextAsync(e => e.Transcript is { IsFinal: true }, "final transcript");

        await s.ControlAsync(ControlAction.DoneAnswering);
        await call.Completed;
        await s.AdvanceAsync(s.Speech.RecognitionGrace - Chunk);
        Assert.Empty(s.Actor.Turns);

        var completed = await s.AdvanceUntilAsync(Chunk, e => e.AnswerCompleted is not null, "answer completed at the grace");
        await s.ListenToQuestionAsync(1);

        Assert.Equal(AnswerEndReason.Done, completed.AnswerCompleted.Reason);
        Assert.Equal("A queue", completed.AnswerCompleted.Turn.Answer);
        Assert.True(call.Disposed);
    }

    [Fact]
    public async Task The_answer_time_limit_ends_an_answer_that_goes_on()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { AnswerTimeLimit = TimeSpan.FromSeconds(10) });

        await s.AdvanceAsync(TimeSpan.FromSeconds(9.9));
        Assert.Equal(SessionState.Listening, s.State);
        var completed = await s.AdvanceUntilAsync(Chunk, e => e.AnswerCompleted is not null, "answer completed at the limit");

        Assert.Equal(AnswerEndReason.TimeLimit, completed.AnswerCompleted.Reason);
        Assert.InRange(s.Actor.Turns[0].Turn.AnswerDuration, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.5));
    }
}
