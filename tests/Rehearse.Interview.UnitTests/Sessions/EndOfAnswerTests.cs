using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class EndOfAnswerTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task The_answer_ends_when_the_speech_service_hears_the_turn_end()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said("I would use a durable queue", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await s.SendAudioInChunksAsync(TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");
        await s.SettleAsync();
        Assert.Equal(SessionState.Listening, s.State);

        call.TurnEnded(TimeSpan.FromSeconds(1.5));
        await s.StateAsync(SessionState.Thinking);
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal(AnswerEndReason.Silence, answer.Reason);
        Assert.Equal("I would use a durable queue", answer.Turn.Answer);
        Assert.Single(s.Actor.Turns);
        await call.WhenDisposed;
    }

    [Fact]
    public async Task Received_audio_after_speech_ended_does_not_end_the_answer_while_the_speech_service_lags_behind()
    {
        // The Speech service reports the end of a long utterance, then decodes it while the audio after it queues:
        // the next speech-began comes late, after more audio has been received than any wait. Only silence it has
        // analysed ends an answer.
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said("First I would put the jobs in a durable queue", TimeSpan.Zero, TimeSpan.FromSeconds(22), probability: 0.3f);
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");

        // A client streaming at real-time pace: the audio and the clock move together, well past the longest wait.
        var maxWait = s.Options.TurnTaking.Normal.MaxWait;
        for (var sent = TimeSpan.Zero; sent < maxWait * 2; sent += Chunk)
        {
            await s.AdvanceAsync(Chunk);
            await s.SendAudioAsync(Chunk);
        }
        Assert.Equal(SessionState.Listening, s.State);

        call.SpeechBegan(TimeSpan.FromSeconds(23.2));
        call.TurnBegan(TimeSpan.FromSeconds(23.2), "and");
        call.Heard("and then workers that acknowledge each job", TimeSpan.FromSeconds(23.2), TimeSpan.FromSeconds(26));
        call.SpeechEnded(TimeSpan.FromSeconds(26));
        call.TurnEnded(TimeSpan.FromSeconds(26.5));
        await s.StateAsync(SessionState.Thinking);
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal("First I would put the jobs in a durable queue and then workers that acknowledge each job", answer.Turn.Answer);
        Assert.Equal(2, Assert.Single(s.Actor.Turns).Turn.Segments.Count);
    }

    [Fact]
    public async Task The_clock_ends_the_answer_of_a_client_that_stopped_sending_after_the_wait()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var call = await s.Speech.NextCallAsync();
        call.Said("Mostly with a profiler", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var ended = await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");
        // No audio comes, so the Speech service never hears the silence. The clock allows the wait, but a pause in
        // the audio may be a network hiccup: it also waits for the audio to have stopped for a while.
        await s.AdvanceAsync(SessionActor.AudioStallBeforeClockEnd - Chunk);
        Assert.Equal(SessionState.Listening, s.State);

        var thinking = await s.AdvanceUntilAsync(Chunk, e => e.StateChanged?.Current == SessionState.Thinking, "end of answer");
        // The end is provisional: a client that went away for good has its answer committed once the reply has played.
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal(AnswerEndReason.Silence, answer.Reason);
        Assert.Equal("Mostly with a profiler", answer.Turn.Answer);
        Assert.True(thinking.Time.ToDateTimeOffset() - ended.Time.ToDateTimeOffset() >= SessionActor.AudioStallBeforeClockEnd);
        await call.WhenDisposed;
    }

    [Fact]
    public async Task Audio_that_comes_back_inside_the_resume_window_after_the_clock_ended_the_answer_continues_it()
    {
        // The connection is lost during a pause: the clock ends the answer, the interviewer starts its reply, and the
        // client, back online, sends the audio it recorded meanwhile, in which the candidate went on after a short pause.
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var call = await s.Speech.NextCallAsync();
        call.Said("Mostly with a profiler", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");
        await s.AdvanceUntilAsync(SessionActor.AudioStallBeforeClockEnd, e => e.StateChanged?.Current == SessionState.Thinking, "end of answer");
        var reply = await s.UtteranceAsync(UtteranceKind.Question);
        await s.NextAsync(e => e.InterviewerAudio is { IsLast: true } a && a.UtteranceId == reply.UtteranceId, "end of the reply's audio");
        await s.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        Assert.Empty(s.Actor.Turns);

        await s.SendAudioInChunksAsync(TimeSpan.FromSeconds(3));
        await s.StateAsync(SessionState.Listening);
        // Judged in audio time: the candidate paused 0.8 s and went on, however long the audio took to come.
        call.SpeechBegan(TimeSpan.FromSeconds(1.8));
        call.TurnBegan(TimeSpan.FromSeconds(1.8), "and");
        call.Heard("and then a flame graph", TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(3));
        call.SpeechEnded(TimeSpan.FromSeconds(3));
        call.TurnEnded(TimeSpan.FromSeconds(3.5));
        await s.StateAsync(SessionState.Thinking);
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal("Mostly with a profiler and then a flame graph", answer.Turn.Answer);
        Assert.Single(s.Received, e => e.AnswerCompleted is not null);
        Assert.Equal(2, Assert.Single(s.Actor.Turns).Turn.Segments.Count);
    }

    [Fact]
    public async Task A_final_result_that_arrives_after_the_clock_ended_the_answer_is_part_of_it()
    {
        // The Speech service lags behind: the last utterance's words come after the audio stopped and the clock ended
        // the answer. They were said before the end, so they are the answer's, not a continuation held back.
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(TimeSpan.FromSeconds(2));
        var call = await s.Speech.NextCallAsync();
        call.Said("Mostly with a profiler", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        call.SpeechBegan(TimeSpan.FromSeconds(1.2));
        call.SpeechEnded(TimeSpan.FromSeconds(1.8));
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false } c && c.Offset.ToTimeSpan() == TimeSpan.FromSeconds(1.8), "end of speech");
        await s.AdvanceUntilAsync(SessionActor.AudioStallBeforeClockEnd, e => e.StateChanged?.Current == SessionState.Thinking, "end of answer");

        call.Heard("and a flame graph", TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(1.8));
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal("Mostly with a profiler and a flame graph", answer.Turn.Answer);
    }

    [Fact]
    public async Task A_turn_of_backchannels_only_does_not_end_the_answer()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        call.Heard("Okay.", TimeSpan.Zero, TimeSpan.FromMilliseconds(400));
        call.SpeechEnded(TimeSpan.FromMilliseconds(400));
        call.Backchannel(TimeSpan.FromMilliseconds(400), "Okay.");
        call.TurnEnded(TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.Transcript is { IsFinal: true }, "the backchannel's transcript");
        await s.SettleAsync();

        Assert.Equal(SessionState.Listening, s.State);
        Assert.Empty(s.Actor.Turns);
    }

    [Fact]
    public async Task Asking_for_time_keeps_the_answer_open_when_the_turn_ends()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said("Let me think about that", TimeSpan.Zero, TimeSpan.FromSeconds(1), 0.1f, TurnCue.AskedForTime);
        await s.NextAsync(e => e.ListeningUpdate is { Status: ListeningStatus.TakingTime }, "taking time");
        call.TurnEnded(TimeSpan.FromSeconds(7), 0.1f, TimeSpan.FromSeconds(6), TurnCue.AskedForTime);
        await s.SettleAsync();
        Assert.Equal(SessionState.Listening, s.State);

        call.Said("I would start with a heap dump", TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(11));
        call.TurnEnded(TimeSpan.FromSeconds(11.5));
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal("Let me think about that I would start with a heap dump", answer.Turn.Answer);
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
        await call.WhenDisposed;
    }

    [Fact]
    public async Task The_answer_time_limit_ends_an_answer_that_goes_on()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { AnswerTimeLimit = TimeSpan.FromSeconds(10) });
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        call.TurnBegan(TimeSpan.Zero);
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: true }, "speech");

        await s.AdvanceAsync(TimeSpan.FromSeconds(9.9));
        Assert.Equal(SessionState.Listening, s.State);
        var thinking = await s.AdvanceUntilAsync(Chunk, e => e.StateChanged?.Current == SessionState.Thinking, "end at the limit");
        await call.Completed;
        call.End();
        var completed = await s.AnswerCompletedAsync();

        Assert.Equal(AnswerEndReason.TimeLimit, completed.Reason);
        Assert.InRange(s.Actor.Turns[0].Turn.AnswerDuration, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.5));
    }
}
