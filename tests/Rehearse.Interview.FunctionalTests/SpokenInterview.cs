using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Plays a spoken interview: recorded answers said into a microphone that streams all along.</summary>
public static class SpokenInterview
{
    /// <summary>Time between 100 ms microphone chunks: real time, as a browser sends.</summary>
    public static readonly TimeSpan MicrophoneInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>A spoken two-question interview.</summary>
    public static SessionConfig Config()
    {
        var config = InterviewScript.TextOnly(2);
        config.Spoken = true;
        return config;
    }

    /// <summary>Answers for the main questions and any follow-ups, recorded by the Speech service's voice.</summary>
    public static async Task<IReadOnlyList<byte[]>> RecordAnswersAsync(SpeechServiceFixture speech, CancellationToken cancellationToken)
    {
        var spoken = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            spoken.Add(await SpokenAnswers.SynthesizeAsync(speech, SpokenAnswers.Text(i), cancellationToken));
        }
        return spoken;
    }

    /// <summary>
    /// Says an answer to every question into a microphone that streams all along at real-time pace, until the
    /// session finishes; returns what was said, in order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PlayAsync(SessionConnection connection, IReadOnlyList<byte[]> spoken)
    {
        await using var microphone = new Microphone(connection.SendAudioAsync, MicrophoneInterval);
        var answers = await InterviewScript.PlayAsync(connection.Events, i =>
        {
            microphone.Say(spoken[Math.Min(i, spoken.Count - 1)]);
            return Task.FromResult(SpokenAnswers.Text(i));
        }, maxTurns: 6);
        await connection.Events.WaitForEndAsync(TimeSpan.FromSeconds(120));
        return answers;
    }

    /// <summary>
    /// Asserts the stored session and its report, fetched back and read from the database, hold what was said;
    /// answers before <paramref name="cutShort"/> may have been cut short by a fault, so only their turn is asserted.
    /// </summary>
    public static async Task AssertStoredAsync(
        InterviewService.InterviewServiceClient client, string sessionId, IReadOnlyList<string> answers, SessionEvents events, TestDatabase database,
        int cutShort = 0)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(answers.Count >= 2, "Both main questions were asked.");
        Assert.Contains(events.Seen, e => e.InterviewerAudio is { Audio.Length: > 0 });
        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: ct);
        Assert.Equal(SessionState.Finished, stored.Session.State);
        Assert.Equal(answers.Count, stored.Turns.Count);
        foreach (var (said, turn) in answers.Zip(stored.Turns).Skip(cutShort))
        {
            Assert.False(turn.Typed);
            SpokenAnswers.AssertHeard(said, turn.Answer);
        }
        Assert.All(stored.Turns.Take(cutShort), turn => Assert.False(turn.Typed));
        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = sessionId }, cancellationToken: ct)).Report;
        Assert.Equal(stored.Turns.Select(t => t.Answer), report.Turns.Select(t => t.Turn.Answer));
        Assert.InRange(report.Scores.Overall, 1, 100);

        var (storedTurns, storedReport) = await database.StoredAnswersAsync(sessionId);
        Assert.Equal(stored.Turns.Select(t => t.Answer), storedTurns);
        Assert.Equal(storedTurns, storedReport);
    }
}
