using Rehearse.Interview.V1;
using Rehearse.Speech.Audio;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Answers spoken into the service: recognized, kept whole, and carried through to the report.</summary>
public sealed class SpokenInterviewTests(SpeechServiceFixture speech)
    // A loaded 2-core machine recognizes audio sent faster than real time slowly (every interim result
    // re-decodes the growing utterance), so the grace for the last results is generous here.
    : InterviewServiceTest(speech, new Dictionary<string, string?> { ["Speech:RecognitionGrace"] = "00:02:00" })
{
    [Fact]
    public async Task Done_answering_right_after_the_last_audio_keeps_everything_that_was_said()
    {
        var ct = TestContext.Current.CancellationToken;
        var said = SpokenAnswers.Text(0);
        var pcm = await SpokenAnswers.SynthesizeAsync(Speech, said, ct);

        var completed = await AnswerAtOnceThenDoneAsync(pcm, ct);

        Assert.Equal(AnswerEndReason.Done, completed.Reason);
        Assert.False(completed.Turn.Typed);
        SpokenAnswers.AssertHeard(said, completed.Turn.Answer);
    }

    [Fact]
    public async Task A_held_uh_that_the_transcript_leaves_out_counts_as_an_audio_hesitation_of_the_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        // espeak-ng holds the "uh" for about 300 ms; the recognizer writes "I think we should cash it."
        var pcm = PcmCodec.Encode([.. new float[SpokenAudio.SampleRate / 2], .. SpokenAudio.Spoken("I think, uhhhhhhhh, we should cache it.")], SampleEncoding.Linear16);

        var turn = (await AnswerAtOnceThenDoneAsync(pcm, ct)).Turn;

        Assert.DoesNotContain("uh", turn.Answer.Split(' ', ',', '.'), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(1, turn.Analytics.AudioHesitationCount);
        Assert.Contains(turn.Analytics.Fillers, f => f is { Filler: "uh/um (audio)", Count: 1 });
    }

    [Fact]
    public Task A_spoken_interview_with_the_microphone_streaming_all_along_reaches_its_report_through_the_grpc_web_pair() =>
        PlayWholeInterviewAsync(Transport.GrpcWeb);

    [Fact]
    public Task A_spoken_interview_with_the_microphone_streaming_all_along_reaches_its_report_through_converse() =>
        PlayWholeInterviewAsync(Transport.Grpc);

    private async Task PlayWholeInterviewAsync(Transport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var spoken = await SpokenInterview.RecordAnswersAsync(Speech, ct);
        var client = Host.Client(NewKey(), transport);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = SpokenInterview.Config() }, cancellationToken: ct)).Session;

        await using var connection = await SessionConnection.StartAsync(client, session.Id, transport, ct);
        var answers = await SpokenInterview.PlayAsync(connection, spoken);

        await SpokenInterview.AssertStoredAsync(client, session.Id, answers, connection.Events, Database);
    }

    /// <summary>
    /// Has a one-question session ask its question, sends the whole answer as fast as the service takes it, then
    /// DONE at once (the recognizer is still catching up), and returns the completed answer.
    /// </summary>
    private async Task<AnswerCompleted> AnswerAtOnceThenDoneAsync(byte[] pcm, CancellationToken ct)
    {
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(1) }, cancellationToken: ct)).Session;
        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: ct);
        await using var events = SessionEvents.From(stream);
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.Start }, cancellationToken: ct);
        await events.WaitForStateAsync(SessionState.Listening);

        long chunk = 0;
        foreach (var audio in SpokenAnswers.Chunks(pcm))
        {
            await client.SendAudioAsync(new SendAudioRequest { SessionId = session.Id, Audio = audio, ChunkSequence = ++chunk }, cancellationToken: ct);
        }
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.DoneAnswering }, cancellationToken: ct);

        return (await events.WaitForAsync(e => e.AnswerCompleted is not null, TimeSpan.FromSeconds(150))).AnswerCompleted;
    }
}
