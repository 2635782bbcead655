using System.Diagnostics;
using System.Globalization;
using Rehearse.Interview.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A spoken interview over the real services as processes (<see cref="ProcessCluster"/>: two Interview silos, two
/// Speech instances, one database), its calls alternating between the Interview processes, through hard kills
/// (SIGKILL) of the Speech instance recognizing an answer and then of the silo holding the session, each mid-answer:
/// the interview completes, every stored turn and event is kept, and the answers given after each fault are recorded.
/// One interview takes both faults, so the test starts the four processes once.
/// The pause the candidate sees, from the kill to the interviewer's next audio, is written to the test output and
/// to <c>artifacts/test-results/failover/pauses.tsv</c>.
/// </summary>
public sealed class FailoverTests(SpeechServiceFixture speech) : IAsyncDisposable
{
    // How long into the answer the fault comes: well inside every recorded answer.
    private static readonly TimeSpan IntoTheAnswer = TimeSpan.FromSeconds(1.5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_spoken_interview_completes_through_a_speech_instance_and_then_the_session_silo_killed_mid_answer()
    {
        var outcome = await PlayWithFaultsAsync(new Dictionary<int, Func<ProcessCluster, Task>>
        {
            // The instance recognizing the first answer: the answer ends on the candidate's silence with what was heard.
            [0] = async cluster =>
            {
                var recognizing = await cluster.SpeechRecognizingAsync();
                Assert.True(recognizing is not null, "A Speech instance recognizes the answer.");
                await cluster.KillSpeechAsync(recognizing.Value);
            },
            // The silo running the session, in the next answer: never committed, its question is asked again.
            [1] = async cluster =>
            {
                var holder = await cluster.InterviewRunningSessionsAsync();
                Assert.True(holder is not null, "One Interview process runs the session.");
                await cluster.KillInterviewAsync(holder.Value);
            },
        });

        Assert.True(outcome.Answers.Count >= 3, "The question cut off by the silo's death was asked again.");
        Assert.NotEmpty(outcome.Events.Interruptions);
        var kept = outcome.Answers.Where((_, i) => i != 1).ToList();
        await SpokenInterview.AssertStoredAsync(outcome.Client, outcome.SessionId, kept, outcome.Events, outcome.Database, cutShort: 1);
        await AssertEveryStoredEventSeenAsync(outcome);
        Report("speech instance killed mid-answer", outcome, outcome.KilledAt[0]);
        Report("interview silo killed mid-answer", outcome, outcome.KilledAt[1]);
    }

    private sealed record Outcome(
        InterviewService.InterviewServiceClient Client, string SessionId, IReadOnlyList<string> Answers, SessionEvents Events,
        TestDatabase Database, IReadOnlyDictionary<int, long> KilledAt);

    /// <summary>
    /// Plays a spoken interview through the cluster, the microphone streaming all along; each of
    /// <paramref name="faults"/> strikes <see cref="IntoTheAnswer"/> into the answer of its index, and the
    /// candidate, hearing nothing back, stops that answer there.
    /// </summary>
    private async Task<Outcome> PlayWithFaultsAsync(IReadOnlyDictionary<int, Func<ProcessCluster, Task>> faults)
    {
        if (ProcessCluster.Missing() is { } missing)
        {
            Assert.Skip(missing);
        }
        var spoken = await SpokenInterview.RecordAnswersAsync(speech, Ct);
        var database = await TestDatabase.CreateAsync();
        _cleanup.Add(database);
        // As SpokenInterviewTests: a loaded machine recognizes slowly, so the last results get a generous grace.
        var cluster = await ProcessCluster.StartAsync(database.ConnectionString, ["--Speech:RecognitionGrace=00:02:00"]);
        _cleanup.Add(cluster);
        var client = cluster.Client("test-" + Guid.NewGuid().ToString("N"));
        var sessionId = (await client.CreateSessionAsync(new CreateSessionRequest { Config = SpokenInterview.Config() }, cancellationToken: Ct)).Session.Id;

        var connection = await SessionConnection.StartResumingAsync(client, sessionId, Ct);
        _cleanup.Add(connection);
        var killedAt = new Dictionary<int, long>();
        var struck = new List<Task>();
        IReadOnlyList<string> answers;
        await using (var microphone = new Microphone(connection.SendAudioAsync, SpokenInterview.MicrophoneInterval))
        {
            answers = await InterviewScript.PlayAsync(connection.Events, i =>
            {
                microphone.Say(spoken[Math.Min(i, spoken.Count - 1)]);
                if (faults.TryGetValue(i, out var fault))
                {
                    struck.Add(Task.Run(async () =>
                    {
                        await Task.Delay(IntoTheAnswer, Ct);
                        lock (killedAt)
                        {
                            killedAt[i] = Stopwatch.GetTimestamp();
                        }
                        microphone.StopSaying();
                        await fault(cluster);
                    }));
                }
                return Task.FromResult(SpokenAnswers.Text(i));
            }, maxTurns: 6);
            await Task.WhenAll(struck);
            await connection.Events.WaitForEndAsync(TimeSpan.FromSeconds(120));
        }
        Assert.Equal(faults.Count, killedAt.Count);
        return new Outcome(client, sessionId, answers, connection.Events, database, killedAt);
    }

    // The test's database, cluster and connection, released last first.
    private readonly List<IAsyncDisposable> _cleanup = [];

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    /// <summary>Every stored event reached the client once, across its resumed streams.</summary>
    private static async Task AssertEveryStoredEventSeenAsync(Outcome outcome)
    {
        var seen = outcome.Events.Seen.Where(e => !SessionEvents.IsLiveOnly(e)).Select(e => e.Sequence).ToList();
        // The store is written behind the conversation: wait for the last event streamed to be stored.
        await outcome.Database.WaitForAsync($"SELECT max(sequence) FROM events WHERE session_id = '{outcome.SessionId}'", seen.Max());
        var stored = (await outcome.Database.StringsAsync($"SELECT sequence::text AS s FROM events WHERE session_id = '{outcome.SessionId}' ORDER BY sequence")).Select(long.Parse);
        Assert.Equal(stored, seen);
    }

    /// <summary>The pause the candidate saw: from the kill to the next event, and to the interviewer's next audio.</summary>
    private static void Report(string fault, Outcome outcome, long killedAt)
    {
        var after = outcome.Events.Seen.Where(e => outcome.Events.ReceivedAt(e) > killedAt).ToList();
        var nextEvent = Stopwatch.GetElapsedTime(killedAt, outcome.Events.ReceivedAt(after[0]));
        var nextAudio = Stopwatch.GetElapsedTime(killedAt, outcome.Events.ReceivedAt(after.First(e => e.InterviewerAudio is { Audio.Length: > 0 })));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:O}\t{fault}\tnext event {nextEvent.TotalSeconds:0.0} s\tnext interviewer audio {nextAudio.TotalSeconds:0.0} s\tstream interruptions {outcome.Events.Interruptions.Count}");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        File.AppendAllLines(Path.Combine(TestPaths.ArtifactsDirectory("failover"), "pauses.tsv"), [line]);
    }
}
