using System.ComponentModel.DataAnnotations;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Speech;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

/// <summary>Patience settings, listening updates, the check-in after a long silence and spoken requests to repeat.</summary>
public sealed class TurnTakingTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(Patience.Relaxed, null, 1.5, 9)]
    [InlineData(Patience.Normal, null, 0.5, 6)]
    [InlineData(Patience.Brisk, null, 0.4, 3)]
    [InlineData(Patience.Normal, 2.0, 0.5, 2)]
    [InlineData(Patience.Relaxed, 1.0, 1.0, 1)]
    public async Task The_recognition_call_asks_for_the_patience_setting_s_waits(Patience patience, double? ceiling, double minWait, double maxWait)
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with
        {
            Patience = patience,
            EndOfAnswerSilence = ceiling is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        });

        await s.SendAudioAsync(Chunk);
        await s.Speech.NextCallAsync();

        Assert.Equal(new TurnDetectionSettings(TimeSpan.FromSeconds(minWait), TimeSpan.FromSeconds(maxWait)), s.Speech.LastTurnDetection);
    }

    [Fact]
    public void The_default_timings_are_valid_and_a_wrong_one_is_named()
    {
        var options = new InterviewOptions();
        Assert.Empty(Validate(options));

        options.TurnTaking.Brisk.MinWait = TimeSpan.FromSeconds(4);
        options.TurnTaking.Relaxed.CheckInAfter = TimeSpan.Zero;
        options.TurnTaking.ResumeWindow = TimeSpan.FromSeconds(11);

        Assert.Collection(Validate(options),
            e => Assert.StartsWith("Interview:TurnTaking:Relaxed:CheckInAfter is", e),
            e => Assert.StartsWith("Interview:TurnTaking:Brisk:MinWait is", e),
            e => Assert.StartsWith("Interview:TurnTaking:ResumeWindow is", e));
    }

    [Fact]
    public async Task Listening_updates_follow_the_turn_detector_s_reading_and_are_not_stored()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.NextAsync(e => e.ListeningUpdate is { Status: ListeningStatus.Listening }, "listening before speech");
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();

        call.Said("I would start with", TimeSpan.Zero, TimeSpan.FromSeconds(1), 0.2f, TurnCue.TrailingConnective);
        var takingTime = (await s.NextAsync(e => e.ListeningUpdate is not null, "taking time")).ListeningUpdate;
        call.Said("a queue.", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), 0.9f, TurnCue.CompleteThought);
        var listening = (await s.NextAsync(e => e.ListeningUpdate is not null, "listening again")).ListeningUpdate;
        var likelyDone = (await s.NextAsync(e => e.ListeningUpdate is not null, "likely done")).ListeningUpdate;
        call.Said("Let me think", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6), 0.9f, TurnCue.AskedForTime);
        await s.NextAsync(e => e.ListeningUpdate is { Status: ListeningStatus.Listening }, "listening");
        var askedForTime = (await s.NextAsync(e => e.ListeningUpdate is not null, "asked for time")).ListeningUpdate;
        await s.Actor.FlushAsync(SessionDriver.Ct);

        Assert.Equal((ListeningStatus.TakingTime, 0.2f, TimeSpan.FromSeconds(0.5)), (takingTime.Status, takingTime.EndOfAnswerProbability, takingTime.Wait.ToTimeSpan()));
        Assert.Equal((ListeningStatus.Listening, 0f), (listening.Status, listening.EndOfAnswerProbability));
        Assert.Null(listening.Wait);
        Assert.Equal((ListeningStatus.LikelyDone, 0.9f), (likelyDone.Status, likelyDone.EndOfAnswerProbability));
        Assert.Equal(ListeningStatus.TakingTime, askedForTime.Status);
        Assert.All(new[] { takingTime, listening, likelyDone }, u => Assert.Equal(0, u.TurnIndex));
        Assert.DoesNotContain(s.Store.AppliedEvents, e => e.ListeningUpdate is not null);
    }

    [Fact]
    public async Task After_a_long_silence_the_interviewer_checks_in_once_and_goes_on_listening_for_the_same_answer()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { AnswerTimeLimit = TimeSpan.FromMinutes(2) });
        var checkInAfter = s.Options.TurnTaking.Normal.CheckInAfter;

        await s.AdvanceAsync(checkInAfter - Chunk);
        Assert.Equal(SessionState.Listening, s.State);
        await s.AdvanceAsync(Chunk);
        var checkIn = await s.PlayAsync(UtteranceKind.CheckIn);
        await s.AdvanceAsync(checkInAfter * 3);

        Assert.Equal("Take your time. Would you like to hear the question again?", checkIn.Text);
        Assert.Equal((0, 0), (checkIn.TurnIndex, checkIn.QuestionIndex));
        Assert.Single(s.Received, e => e.InterviewerUtterance is { Kind: UtteranceKind.CheckIn, IsComplete: true });
        Assert.Equal(SessionState.Listening, s.State);

        // The answer after the check-in is the answer to the question.
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said("I would use a durable queue", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        call.TurnEnded(TimeSpan.FromSeconds(1.5));
        var answer = await s.ReplyAndCommitAsync();
        Assert.Equal((0, "I would use a durable queue"), (answer.Turn.Index, answer.Turn.Answer));
    }

    [Theory]
    [InlineData(Patience.Relaxed, 20)]
    [InlineData(Patience.Brisk, 8)]
    public async Task The_check_in_comes_after_the_patience_setting_s_silence(Patience patience, double seconds)
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { Patience = patience });

        await s.AdvanceAsync(TimeSpan.FromSeconds(seconds) - Chunk);
        Assert.Equal(SessionState.Listening, s.State);
        await s.AdvanceUntilAsync(Chunk, e => e.InterviewerUtterance is { Kind: UtteranceKind.CheckIn }, "check-in");
    }

    [Fact]
    public async Task Speaking_over_the_check_in_stops_it_and_keeps_the_answer_s_time()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { AnswerTimeLimit = TimeSpan.FromSeconds(20) });
        await s.AdvanceAsync(s.Options.TurnTaking.Normal.CheckInAfter);
        var checkIn = await s.UtteranceAsync(UtteranceKind.CheckIn);

        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.SpeechBegan(TimeSpan.Zero);
        call.TurnBegan(TimeSpan.Zero, "Well");
        var interrupted = (await s.NextAsync(e => e.InterviewerInterrupted is not null, "interruption")).InterviewerInterrupted;
        await s.StateAsync(SessionState.Listening);
        var limit = await s.AdvanceUntilAsync(TimeSpan.FromSeconds(8), e => e.StateChanged?.Current == SessionState.Thinking, "the time limit");
        await call.Completed;
        call.End();
        var answer = await s.AnswerCompletedAsync();

        Assert.Equal(checkIn.UtteranceId, interrupted.UtteranceId);
        Assert.Equal(AnswerEndReason.TimeLimit, answer.Reason);
    }

    [Fact]
    public async Task Asking_for_time_puts_the_check_in_off()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync(c => c with { AnswerTimeLimit = TimeSpan.FromMinutes(2) });
        var checkInAfter = s.Options.TurnTaking.Normal.CheckInAfter;
        await s.AdvanceAsync(TimeSpan.FromSeconds(8));
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said("Let me think", TimeSpan.Zero, TimeSpan.FromSeconds(1), 0.1f, TurnCue.AskedForTime);
        await s.NextAsync(e => e.ListeningUpdate is { Status: ListeningStatus.TakingTime }, "taking time");
        call.TurnEnded(TimeSpan.FromSeconds(7), 0.1f, TimeSpan.FromSeconds(6), TurnCue.AskedForTime);
        await s.SettleAsync();

        // The microphone goes on streaming the silence.
        await s.StreamAsync(checkInAfter - Chunk);
        Assert.DoesNotContain(s.Received, e => e.InterviewerUtterance is { Kind: UtteranceKind.CheckIn });
        Assert.Equal(SessionState.Listening, s.State);
        await s.StreamAsync(Chunk * 2);
        await s.NextAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.CheckIn }, "check-in");
    }

    [Theory]
    [InlineData("Could you repeat the question?")]
    [InlineData("Sorry, can you say that again?")]
    public async Task A_spoken_request_at_the_start_of_an_answer_repeats_the_question(string request)
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();

        call.Said(request, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var repeated = await s.ListenToQuestionAsync(0);
        await s.SendAudioAsync(Chunk);
        var next = await s.Speech.NextCallAsync();
        next.Said("A durable queue", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        next.TurnEnded(TimeSpan.FromSeconds(1.5));
        var answer = await s.ReplyAndCommitAsync();

        Assert.Equal(SessionDriver.Plan[0].Text, repeated.Text);
        Assert.Equal("A durable queue", answer.Turn.Answer);
        await call.WhenDisposed;
    }

    [Fact]
    public async Task Yes_please_right_after_the_check_in_repeats_the_question_but_is_an_answer_otherwise()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        await s.AdvanceAsync(s.Options.TurnTaking.Normal.CheckInAfter);
        await s.PlayAsync(UtteranceKind.CheckIn);
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();

        call.Said("Yes, please.", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await s.ListenToQuestionAsync(0);
        Assert.Empty(s.Actor.Turns);

        // Right after the question, "yes please" answers it.
        await s.SendAudioAsync(Chunk);
        var next = await s.Speech.NextCallAsync();
        next.Said("Yes, please.", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        next.TurnEnded(TimeSpan.FromSeconds(1.5));
        await s.StateAsync(SessionState.Thinking);
    }

    [Theory]
    [InlineData("repeat the question", false, true)]
    [InlineData("Pardon?", false, true)]
    [InlineData("What was the question again?", false, true)]
    [InlineData("yes please", true, true)]
    [InlineData("Yeah.", true, true)]
    [InlineData("yes please", false, false)]
    [InlineData("No, I don't need you to repeat it", true, false)]
    [InlineData("I would repeat the request with exponential backoff until it succeeds or fails", false, false)]
    [InlineData("Yes, I have used Kafka for that in production", true, false)]
    public void Requests_to_repeat_are_short_and_plain(string words, bool afterCheckIn, bool request) =>
        Assert.Equal(request, TurnTakingWords.IsRepeatRequest(words, afterCheckIn));

    private static List<string> Validate(InterviewOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }
}
