using Rehearse.Interview.V1;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class RecognitionOpeningTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Audio_sent_while_recognition_opens_is_answered_once_it_opened_and_none_is_lost()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        var gate = new TaskCompletionSource();
        s.Speech.OpenGate = gate;

        var first = s.SendAudioAsync(Chunk);
        var second = s.SendAudioAsync(Chunk);
        await s.SettleAsync();
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        gate.SetResult();
        Assert.Equal(2, await first);
        Assert.Equal(2, await second);
        var call = await s.Speech.NextCallAsync();
        Assert.Equal(3, await s.SendAudioAsync(Chunk));
        await SessionDriver.WaitUntilAsync(() => call.AudioWritten == 3 * Chunk);
    }

    [Fact]
    public async Task Pause_answers_while_the_recognition_call_hangs_opening()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Speech.OpenGate = new TaskCompletionSource();
        var audio = s.SendAudioAsync(Chunk);
        await s.SettleAsync();

        await s.ControlAsync(ControlAction.Pause).WaitAsync(Prompt, SessionDriver.Ct);
        await s.StateAsync(SessionState.Paused);

        // The audio is not part of an answer any more: its sender is released rather than left waiting.
        Assert.Equal(1, await audio.WaitAsync(Prompt, SessionDriver.Ct));
    }

    [Fact]
    public async Task End_answers_while_the_recognition_call_hangs_opening()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        s.Speech.OpenGate = new TaskCompletionSource();
        var audio = s.SendAudioAsync(Chunk);
        await s.SettleAsync();

        var end = s.ControlAsync(ControlAction.End);
        await s.StateAsync(SessionState.Thinking);
        // The answer waits for its recognition no longer than the grace, then the report is written.
        var completed = await s.AdvanceUntilAsync(s.Speech.RecognitionGrace, e => e.AnswerCompleted is not null, "answer completed at the grace");
        await end.WaitAsync(Prompt, SessionDriver.Ct);
        await s.StateAsync(SessionState.Finished);

        Assert.Equal(AnswerEndReason.SessionEnded, completed.AnswerCompleted.Reason);
        Assert.Equal(1, await audio.WaitAsync(Prompt, SessionDriver.Ct));
    }
}
