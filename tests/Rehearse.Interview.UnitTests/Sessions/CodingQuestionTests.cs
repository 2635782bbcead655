using Rehearse.Coding.V1;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.UnitTests.Fakes;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class CodingQuestionTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    private static Task<SessionDriver> CodingSessionAsync(InterviewOptions? options = null) =>
        SessionDriver.ListeningToFirstAnswerAsync(options: options, plan: [FakeCodeRunner.Question, SessionDriver.Plan[0]]);

    private static Task<CodeRunOutcome> SubmitAsync(SessionDriver s, string code = "def sum_all(nums):\n    return sum(nums)\n") =>
        s.Actor.RunCodeAsync(code, Rehearse.Coding.V1.TestSet.All, submit: true, output: null, SessionDriver.Ct);

    [Fact]
    public async Task A_coding_answer_goes_on_through_silences_and_ends_with_the_submission_keeping_what_was_said()
    {
        await using var s = await CodingSessionAsync();
        var presented = s.Received.Single(e => e.CodingUpdate?.Kind == CodingUpdateKind.ProblemPresented).CodingUpdate;
        Assert.Equal("sum", presented.Task.Problem.Summary.Id);
        Assert.Empty(presented.Task.Problem.Hints);
        Assert.Equal(2, presented.Task.HintCount);

        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said("I will keep a running total", TimeSpan.Zero, TimeSpan.FromSeconds(2));
        call.TurnEnded(TimeSpan.FromSeconds(2.5));
        await s.NextAsync(e => e.CandidateSpeech is { Speaking: false }, "end of speech");
        // Longer than any end-of-answer wait, the check-in and the session's 30 s answer limit: the candidate codes.
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(2); waited += TimeSpan.FromSeconds(10))
        {
            await s.AdvanceAsync(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(SessionState.Listening, s.State);
        Assert.DoesNotContain(s.Received, e => e.AnswerCompleted is not null || e.InterviewerUtterance?.Kind == UtteranceKind.CheckIn);

        var submitted = await SubmitAsync(s);

        Assert.True(submitted.Task.Submitted);
        Assert.Equal(Rehearse.Coding.V1.TestSet.All, s.CodeRunner.Requests.Single().TestSet);
        Assert.Equal("sum", s.CodeRunner.Requests.Single().ProblemId);
        var answer = await s.AnswerCompletedAsync();
        Assert.Equal(AnswerEndReason.Submitted, answer.Reason);
        Assert.Equal("I will keep a running total", answer.Turn.Answer);
        Assert.True(answer.Turn.Coding.Submitted);
        Assert.Equal(3, answer.Turn.Coding.SubmissionResult.PassedCount);
        var stored = Assert.Single(s.Actor.Turns);
        Assert.True(stored.Turn.Coding!.Submitted);
        Assert.Equal(stored.Turn.Coding.FinalCode, answer.Turn.Coding.Code);
        var snapshot = Assert.Single(s.Store.Applied.OfType<Core.Storage.SaveCodeSnapshotWrite>()).Snapshot;
        Assert.True(snapshot.Submission);
        Assert.Equal(0, snapshot.TurnIndex);
        // Once submitted, no more runs.
        await Assert.ThrowsAsync<SessionStateException>(() => SubmitAsync(s));
    }

    [Fact]
    public async Task Asking_for_a_hint_aloud_gets_the_next_hint_and_the_answer_goes_on()
    {
        await using var s = await CodingSessionAsync();
        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said("Hmm, can I get a hint?", TimeSpan.Zero, TimeSpan.FromSeconds(2));

        var given = (await s.NextAsync(e => e.CodingUpdate?.Kind == CodingUpdateKind.HintGiven, "hint given")).CodingUpdate;
        Assert.Equal("Add them up one by one.", given.Hint);
        var spoken = await s.PlayAsync(UtteranceKind.Hint);
        Assert.Contains("Add them up one by one.", spoken.Text, StringComparison.Ordinal);

        await s.ControlAsync(ControlAction.Hint);
        Assert.Equal("Keep a running total.", (await s.NextAsync(e => e.CodingUpdate?.Kind == CodingUpdateKind.HintGiven, "second hint")).CodingUpdate.Hint);
        await s.PlayAsync(UtteranceKind.Hint);
        var submitted = await SubmitAsync(s);
        Assert.Equal(["Add them up one by one.", "Keep a running total."], submitted.Task.Hints);
        // The answer's recognition is flushed first, so the submission's answer keeps the last words said.
        call.End();
        var answer = await s.AnswerCompletedAsync();
        Assert.Equal(2, answer.Turn.Coding.Hints.Count);
        Assert.Equal("Hmm, can I get a hint?", answer.Turn.Answer);
    }

    [Fact]
    public async Task After_a_long_stall_the_interviewer_offers_a_hint_and_a_yes_takes_it()
    {
        var options = new InterviewOptions();
        options.Coding.HintOfferAfter = TimeSpan.FromMinutes(2);
        await using var s = await CodingSessionAsync(options);

        var offer = await s.AdvanceUntilAsync(TimeSpan.FromMinutes(2), e => e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.Hint }, "hint offer");
        Assert.Contains("Would you like a hint", offer.InterviewerUtterance.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Received, e => e.CodingUpdate?.Kind == CodingUpdateKind.HintGiven);
        await s.AdvanceUntilAsync(s.Speech.UtteranceDuration, e => e.StateChanged?.Current == SessionState.Listening, "listening after the offer");

        await s.SendAudioAsync(Chunk);
        var call = await s.Speech.NextCallAsync();
        call.Said("yes please", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal("Add them up one by one.", (await s.NextAsync(e => e.CodingUpdate?.Kind == CodingUpdateKind.HintGiven, "hint given")).CodingUpdate.Hint);
    }

    [Fact]
    public async Task Runs_hints_and_submissions_are_refused_outside_a_coding_question()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();

        var run = await Assert.ThrowsAsync<SessionStateException>(() =>
            s.Actor.RunCodeAsync("x = 1", Rehearse.Coding.V1.TestSet.Examples, submit: false, output: null, SessionDriver.Ct));
        Assert.Contains("not a coding question", run.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SessionStateException>(() => s.ControlAsync(ControlAction.Hint));
        Assert.Empty(s.CodeRunner.Requests);
    }
}
