using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class OutageTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task With_the_speech_service_down_the_interview_goes_on_in_text_and_speech_comes_back()
    {
        await using var s = await SessionDriver.CreateAsync();
        s.Speech.Down = true;
        await s.ControlAsync(ControlAction.Start);

        // Questions are still delivered as text, with no audio to wait for.
        var down = await s.NoticeAsync("speech_unavailable");
        var question = await s.UtteranceAsync(UtteranceKind.Question);
        await s.StateAsync(SessionState.Listening);
        await Assert.ThrowsAsync<SessionUnavailableException>(() => s.SendAudioAsync(Chunk));
        Assert.Equal(NoticeLevel.Warning, down.Level);
        Assert.Single(s.Received, e => e.Notice?.Code == "speech_unavailable");
        Assert.DoesNotContain(s.Received, e => e.InterviewerAudio is { Audio.IsEmpty: false });

        s.Speech.Down = false;
        Assert.Equal(2, await s.SendAudioAsync(Chunk));
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        await s.NoticeAsync("speech_restored");
        call.Heard("Back again", TimeSpan.Zero, Chunk);
        await s.NextAsync(e => e.Transcript is { IsFinal: true }, "final transcript");
        await s.ControlAsync(ControlAction.DoneAnswering);
        await call.Completed;
        call.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal(question.Text, answer.Turn.Question);
        Assert.Equal("Back again", answer.Turn.Answer);
    }

    [Fact]
    public async Task A_recognition_call_that_fails_mid_answer_keeps_what_was_heard_and_the_next_audio_reopens_it()
    {
        await using var s = await RecognitionFailedAfterAWordAsync();

        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var reopened = await s.Speech.NextCallAsync();
        reopened.SpeechBegan(TimeSpan.Zero);
        await s.NoticeAsync("speech_restored");
        reopened.Heard("and compare snapshots", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var second = (await s.NextAsync(e => e.Transcript is { IsFinal: true }, "final transcript after reopening")).Transcript;
        await s.ControlAsync(ControlAction.DoneAnswering);
        await reopened.Completed;
        reopened.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal("Profile the heap and compare snapshots", answer.Turn.Answer);
        // The reopened call starts later in the answer's audio, and its offsets say so.
        Assert.Equal(TimeSpan.FromSeconds(1), second.StartOffset.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(1), reopened.AudioWritten);
    }

    [Fact]
    public async Task Audio_sent_as_a_recognition_call_fails_is_taken_for_the_call_replacing_it_and_not_called_falling_behind()
    {
        // The microphone does not wait for the session to learn of the failure.
        await using var s = await RecognitionFailedAfterAWordAsync(waitForTheNotice: false);
        for (var i = 0; i < 5; i++)
        {
            await s.SendAudioAsync(Chunk);
        }
        var reopened = await s.Speech.NextCallAsync();
        await s.NextAsync(e => e.Notice?.Message.StartsWith("Speech recognition stopped", StringComparison.Ordinal) == true, "notice of the failure");

        var notices = s.Received.Where(e => e.Notice is not null).Select(e => e.Notice.Message).ToList();
        Assert.DoesNotContain(notices, message => message.Contains("falling behind", StringComparison.Ordinal));
        // Whether a chunk came before or after the session saw the failure, it reached the new call, placed after
        // the second the failed call heard.
        await SessionDriver.WaitUntilAsync(() => reopened.AudioWritten == Chunk * 5);
        reopened.SpeechBegan(TimeSpan.Zero);
        reopened.Heard("and compare snapshots", TimeSpan.Zero, Chunk * 5);
        var second = (await s.NextAsync(e => e.Transcript is { IsFinal: true }, "final transcript after reopening")).Transcript;
        Assert.Equal(TimeSpan.FromSeconds(1), second.StartOffset.ToTimeSpan());
    }

    [Fact]
    public async Task An_answer_whose_recognition_failed_ends_on_the_silence_after_it_though_the_microphone_streams_on()
    {
        // A Speech instance dies mid-answer and the candidate falls silent: the call replacing it hears only that
        // silence, never the turn's end, while the microphone keeps sending it.
        await using var s = await RecognitionFailedAfterAWordAsync();

        await s.SendAudioAsync(Chunk);
        var reopened = await s.Speech.NextCallAsync();
        var maxWait = s.Options.TurnTaking.Normal.MaxWait;
        var waited = TimeSpan.Zero;
        for (; s.State == SessionState.Listening && waited < maxWait * 3; waited += Chunk)
        {
            await s.AdvanceAsync(Chunk);
            await s.SendAudioAsync(Chunk);
        }
        // The end is provisional, as a heard one is; the microphone's silence meanwhile does not continue the answer.
        await s.SendAudioAsync(Chunk);
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal(AnswerEndReason.Silence, answer.Reason);
        Assert.Equal("Profile the heap", answer.Turn.Answer);
        Assert.InRange(waited, SessionActor.AudioStallBeforeClockEnd, maxWait * 2);
    }

    [Fact]
    public async Task With_the_store_down_the_interview_goes_on_and_every_write_is_applied_once_it_is_back()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.Actor.FlushAsync(SessionDriver.Ct);
        s.Store.Down = true;

        await s.Actor.SendTextAsync("Retries with backoff.", SessionDriver.Ct);
        await s.AnswerCompletedAsync();
        await s.ListenToQuestionAsync(1);
        var down = (await s.AnyAsync(e => e.Notice?.Code == "storage_unavailable", "storage_unavailable notice")).Notice;
        Assert.Equal(NoticeLevel.Warning, down.Level);
        Assert.True(s.Store.RefusedBatches > 0);
        Assert.Empty(s.Store.AppliedTurns);

        s.Store.Down = false;
        // The writer retries on the session's clock, backing off up to 2 s.
        await s.AdvanceUntilAsync(TimeSpan.FromSeconds(2), e => e.Notice?.Code == "storage_restored", "storage_restored notice");
        var last = s.Actor.Events.LastSequence;
        await s.Actor.FlushAsync(SessionDriver.Ct);

        var stored = s.Store.AppliedEvents.Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), stored.Take((int)last));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal("Retries with backoff.", Assert.Single(s.Store.AppliedTurns).Turn.Answer);
        Assert.Contains(s.Store.AppliedEvents, e => e.Notice?.Code == "storage_unavailable");
    }

    [Fact]
    public async Task A_write_the_store_refuses_for_good_is_told_to_the_session_and_the_rest_of_its_batch_is_saved()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.Actor.FlushAsync(SessionDriver.Ct);
        // As PostgreSQL refuses text holding U+0000: the turn and the event that carries it.
        s.Store.Refuses = w => w switch
        {
            SaveTurnWrite turn => turn.Turn.Turn.Answer.Contains('\0', StringComparison.Ordinal),
            AppendEventWrite e => e.Event.AnswerCompleted?.Turn.Answer.Contains('\0', StringComparison.Ordinal) == true,
            _ => false,
        };

        await s.Actor.SendTextAsync("Unstorable\0answer", SessionDriver.Ct);
        await s.AnswerCompletedAsync();
        var refused = (await s.AnyAsync(e => e.Notice?.Code == "storage_write_failed", "storage_write_failed notice")).Notice;
        await s.ListenToQuestionAsync(1);
        await s.Actor.SendTextAsync("A storable answer.", SessionDriver.Ct);
        await s.AnswerCompletedAsync();
        var last = s.Actor.Events.LastSequence;
        await s.Actor.FlushAsync(SessionDriver.Ct);

        Assert.Equal(NoticeLevel.Error, refused.Level);
        Assert.Contains("answer could not be saved", refused.Message, StringComparison.Ordinal);
        // Only the refused writes are missing: every other event of the session, the notices included, is stored.
        var stored = s.Store.AppliedEvents.Select(e => e.Sequence).ToHashSet();
        var missing = Enumerable.Range(1, (int)last).Select(i => (long)i).Where(i => !stored.Contains(i)).ToList();
        Assert.Equal([s.Received.First(e => e.AnswerCompleted is not null).Sequence], missing);
        Assert.Contains(s.Store.AppliedEvents, e => e.Notice?.Code == "storage_write_failed");
        Assert.Equal(["A storable answer."], s.Store.AppliedTurns.Select(t => t.Turn.Answer));
    }

    /// <summary>
    /// The first answer's recognition call hears "Profile the heap" in its first second, then fails; by default the
    /// session has told the client so when this returns.
    /// </summary>
    private static async Task<SessionDriver> RecognitionFailedAfterAWordAsync(bool waitForTheNotice = true)
    {
        var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(TimeSpan.FromSeconds(1));
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        call.Heard("Profile the heap", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await s.NextAsync(e => e.Transcript is { IsFinal: true }, "final transcript");
        call.Fail(new SpeechUnavailableException("connection reset"));
        if (waitForTheNotice)
        {
            await s.NoticeAsync("speech_unavailable");
        }
        return s;
    }
}
