using Rehearse.Interview.V1;
using Rehearse.Speech.Audio;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// Taking turns with the real Speech service, at real-time pace through Converse: pauses are waited through, a wrong
/// end is recovered, backchannels are ignored and interruptions honoured, a long silence gets a check-in, and the
/// patience setting sets the pace.
/// </summary>
public sealed class TurnTakingTests(SpeechServiceFixture speech)
    // The interviewer's audio takes the time it would take to play, so the candidate can speak over it; the resume
    // window is long enough for a continuation said after the reply's first audio has arrived, on a busy machine.
    : InterviewServiceTest(speech, new Dictionary<string, string?>
    {
        ["Interview:WaitForPlayback"] = "true",
        ["Interview:TurnTaking:ResumeWindow"] = "00:00:10",
    })
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_thinking_pause_after_because_does_not_end_the_answer(int pauseSeconds)
    {
        const string First = "I would look at the logs first because";
        const string Second = "the slow requests always show up there.";
        var first = await SynthesizeAsync(First);
        var second = await SynthesizeAsync(Second);
        await using var conversation = await Conversation.StartAsync(this, Patience.Normal, spoken: false);

        conversation.Microphone.Say([.. first, .. Silence(TimeSpan.FromSeconds(pauseSeconds)), .. second]);
        var completed = (await conversation.Events.WaitForAsync(e => e.AnswerCompleted is not null, TimeSpan.FromSeconds(90))).AnswerCompleted;

        Assert.Equal(AnswerEndReason.Silence, completed.Reason);
        SpokenAnswers.AssertHeard($"{First} {Second}", completed.Turn.Answer);
        Assert.DoesNotContain(conversation.Events.Seen, e => e.InterviewerInterrupted is { Withdrawn: true });
    }

    [Fact]
    public async Task A_breath_after_a_finished_sentence_does_not_end_the_answer_with_relaxed_patience()
    {
        // At normal patience a finished sentence gets about 0.5-0.7 s, and this breath ends the answer after its first
        // sentence; relaxed patience gives even a finished sentence 1.5 s.
        const string First = "I moved our billing service to Kubernetes.";
        const string Second = "Then I cut its hosting costs by half.";
        var first = await SynthesizeAsync(First);
        var second = await SynthesizeAsync(Second);
        await using var conversation = await Conversation.StartAsync(this, Patience.Relaxed, spoken: false);

        conversation.Microphone.Say([.. first, .. Silence(TimeSpan.FromSeconds(1.2)), .. second]);
        var completed = (await conversation.Events.WaitForAsync(e => e.AnswerCompleted is not null, TimeSpan.FromSeconds(90))).AnswerCompleted;

        SpokenAnswers.AssertHeard($"{First} {Second}", completed.Turn.Answer);
        Assert.DoesNotContain(conversation.Events.Seen, e => e.InterviewerInterrupted is not null);
    }

    [Fact]
    public async Task Going_on_after_a_wrong_end_withdraws_the_reply_and_the_continuation_joins_the_same_answer()
    {
        const string First = "I would look at the logs.";
        const string Second = "And then I would talk with the team about the slow requests.";
        var first = await SynthesizeAsync(First);
        var second = await SynthesizeAsync(Second);
        await using var conversation = await Conversation.StartAsync(this, Patience.Normal, spoken: true);

        conversation.Microphone.Say(first);
        await conversation.Events.WaitForStateAsync(SessionState.Thinking, TimeSpan.FromSeconds(60));
        var reply = (await conversation.Events.WaitForAsync(e => e.InterviewerAudio is { Audio.Length: > 0 }, TimeSpan.FromSeconds(60))).InterviewerAudio;
        conversation.Microphone.Say(second);
        var withdrawn = (await conversation.Events.WaitForAsync(e => e.InterviewerInterrupted is not null, TimeSpan.FromSeconds(30))).InterviewerInterrupted;
        var completed = (await conversation.Events.WaitForAsync(e => e.AnswerCompleted is not null, TimeSpan.FromSeconds(90))).AnswerCompleted;
        var stored = await conversation.Client.GetSessionAsync(new GetSessionRequest { SessionId = conversation.SessionId }, cancellationToken: Ct);

        Assert.Equal((reply.UtteranceId, true), (withdrawn.UtteranceId, withdrawn.Withdrawn));
        Assert.Equal(0, completed.Turn.Index);
        SpokenAnswers.AssertHeard($"{First} {Second}", completed.Turn.Answer);
        SpokenAnswers.AssertHeard($"{First} {Second}", Assert.Single(stored.Turns).Answer);
    }

    [Fact]
    public async Task A_backchannel_while_the_question_plays_does_not_interrupt_it()
    {
        // Shorter than a backchannel may last (700 ms by default).
        var yeah = PcmCodec.Encode(SpokenAudio.Spoken("Yeah."), SampleEncoding.Linear16);
        await using var conversation = await Conversation.StartAsync(this, Patience.Normal, spoken: true, untilListening: false);
        var question = await QuestionAudioAsync(conversation);

        conversation.Microphone.Say(yeah);
        await conversation.Events.WaitForStateAsync(SessionState.Listening, TimeSpan.FromSeconds(60));

        Assert.Contains(conversation.Events.Seen, e => e.CandidateSpeech is { Speaking: true });
        Assert.DoesNotContain(conversation.Events.Seen, e => e.InterviewerInterrupted is not null);
        Assert.Contains(conversation.Events.Seen, e => e.InterviewerAudio is { IsLast: true } a && a.UtteranceId == question);
    }

    [Fact]
    public async Task Speaking_over_the_question_interrupts_it_and_starts_the_answer()
    {
        var said = SpokenAnswers.Text(0);
        var answer = await SynthesizeAsync(said);
        await using var conversation = await Conversation.StartAsync(this, Patience.Normal, spoken: true, untilListening: false);
        var question = await QuestionAudioAsync(conversation);

        conversation.Microphone.Say(answer);
        var interrupted = (await conversation.Events.WaitForAsync(e => e.InterviewerInterrupted is not null, TimeSpan.FromSeconds(30))).InterviewerInterrupted;
        await conversation.Events.WaitForStateAsync(SessionState.Listening);
        var completed = (await conversation.Events.WaitForAsync(e => e.AnswerCompleted is not null, TimeSpan.FromSeconds(90))).AnswerCompleted;

        Assert.Equal((question, false), (interrupted.UtteranceId, interrupted.Withdrawn));
        SpokenAnswers.AssertHeard(said, completed.Turn.Answer);
    }

    [Fact]
    public async Task After_a_long_silence_the_interviewer_checks_in_and_goes_on_listening()
    {
        await using var conversation = await Conversation.StartAsync(this, Patience.Brisk, spoken: false);
        var listening = conversation.ListeningSince;

        var checkIn = await conversation.Events.WaitForAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.CheckIn, IsComplete: true }, TimeSpan.FromSeconds(30));
        await conversation.Events.WaitForStateAsync(SessionState.Listening);

        Assert.InRange((checkIn.Time.ToDateTimeOffset() - listening).TotalSeconds, 8, 10);
        Assert.Contains("Take", checkIn.InterviewerUtterance.Text, StringComparison.Ordinal);
        Assert.Equal(0, checkIn.InterviewerUtterance.TurnIndex);
    }

    [Fact]
    public async Task The_same_unfinished_answer_ends_sooner_with_brisk_patience_than_with_relaxed()
    {
        // A thought that is clearly not finished waits near the ceiling: 3 s brisk, 9 s relaxed.
        var answer = await SynthesizeAsync("I would look at the logs first because");
        var brisk = await TimeToEndAsync(Patience.Brisk, answer);
        var relaxed = await TimeToEndAsync(Patience.Relaxed, answer);

        Assert.True(relaxed - brisk >= TimeSpan.FromSeconds(2), $"Brisk ended after {brisk.TotalSeconds:0.00} s, relaxed after {relaxed.TotalSeconds:0.00} s.");
        Assert.InRange(brisk.TotalSeconds, 0, 3.5);
        Assert.InRange(relaxed.TotalSeconds, 3, 9.5);
    }

    [Fact]
    public async Task The_patience_setting_is_stored_and_returned_with_the_session()
    {
        var client = Host.Client(NewKey());
        var config = InterviewScript.TextOnly();
        config.Patience = Patience.Relaxed;
        var relaxed = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct)).Session;
        var unset = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session;

        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = relaxed.Id }, cancellationToken: Ct);

        Assert.Equal(Patience.Relaxed, stored.Session.Config.Patience);
        Assert.Null(stored.Session.Config.EndOfAnswerSilence);
        Assert.Equal(Patience.Normal, unset.Config.Patience);
    }

    /// <summary>
    /// Time from the report that the candidate's speech ended (which comes after the Speech service's segment
    /// silence) to the end of the answer, in a new session.
    /// </summary>
    private async Task<TimeSpan> TimeToEndAsync(Patience patience, byte[] answer)
    {
        await using var conversation = await Conversation.StartAsync(this, patience, spoken: false);
        conversation.Microphone.Say(answer);
        var thinking = await conversation.Events.WaitForStateAsync(SessionState.Thinking, TimeSpan.FromSeconds(60));
        var speechEnded = conversation.Events.Seen.Last(e => e.CandidateSpeech is { Speaking: false });
        return thinking.Time.ToDateTimeOffset() - speechEnded.Time.ToDateTimeOffset();
    }

    /// <summary>Waits until the first question's audio is playing; returns its utterance id.</summary>
    private static async Task<string> QuestionAudioAsync(Conversation conversation)
    {
        var question = (await conversation.Events.WaitForAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.Question }, TimeSpan.FromSeconds(90))).InterviewerUtterance;
        await conversation.Events.WaitForAsync(e => e.InterviewerAudio is { Audio.Length: > 0 } a && a.UtteranceId == question.UtteranceId, TimeSpan.FromSeconds(60));
        return question.UtteranceId;
    }

    private Task<byte[]> SynthesizeAsync(string text) => SpokenAnswers.SynthesizeAsync(Speech, text, Ct);

    private static byte[] Silence(TimeSpan duration) => new byte[(int)(duration.TotalSeconds * 10) * SpokenAnswers.ChunkBytes];

    /// <summary>A started one-question session over Converse with a microphone streaming at real-time pace.</summary>
    private sealed class Conversation : IAsyncDisposable
    {
        private Conversation(InterviewService.InterviewServiceClient client, string sessionId, SessionConnection connection)
        {
            Client = client;
            SessionId = sessionId;
            Connection = connection;
            Microphone = new Microphone(connection.SendAudioAsync, SpokenInterview.MicrophoneInterval);
        }

        public InterviewService.InterviewServiceClient Client { get; }

        public string SessionId { get; }

        public SessionConnection Connection { get; }

        public Microphone Microphone { get; }

        public SessionEvents Events => Connection.Events;

        /// <summary>When the session started listening for the first answer (when started until listening).</summary>
        public DateTimeOffset ListeningSince { get; private set; }

        public static async Task<Conversation> StartAsync(TurnTakingTests test, Patience patience, bool spoken, bool untilListening = true)
        {
            var client = test.Host.Client(NewKey());
            var config = InterviewScript.TextOnly(1);
            config.Spoken = spoken;
            config.Patience = patience;
            var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct)).Session;
            var conversation = new Conversation(client, session.Id, await SessionConnection.StartAsync(client, session.Id, Transport.Grpc, Ct));
            if (untilListening)
            {
                var listening = await conversation.Events.WaitForStateAsync(SessionState.Listening, TimeSpan.FromSeconds(90));
                conversation.ListeningSince = listening.Time.ToDateTimeOffset();
            }
            return conversation;
        }

        public async ValueTask DisposeAsync()
        {
            await Microphone.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
