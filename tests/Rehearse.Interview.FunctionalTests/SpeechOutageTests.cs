using Google.Protobuf;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>A spoken interview survives the Speech service going away and speaks again once it is back.</summary>
public sealed class SpeechOutageTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    [Fact]
    public async Task The_session_goes_on_as_text_while_speech_is_down_and_speaks_again_when_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client("test-" + Guid.NewGuid().ToString("N"), Transport.GrpcWeb);
        var config = InterviewScript.TextOnly(3);
        config.Spoken = true;
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: ct)).Session;
        using var stream = client.StreamEvents(new StreamEventsRequest
        {
            SessionId = session.Id,
            OutputAudioFormat = new AudioFormat { SampleRateHertz = 16_000, Encoding = AudioEncoding.Linear16 },
        }, cancellationToken: ct);
        await using var events = SessionEvents.From(stream);
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.Start }, cancellationToken: ct);

        // Speech up: the first question is heard.
        var first = await events.WaitForAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.Question, IsComplete: true });
        var audio = await events.WaitForAsync(e => e.InterviewerAudio is { Audio.Length: > 0 } a && a.UtteranceId == first.InterviewerUtterance.UtteranceId);
        Assert.Equal(16_000, audio.InterviewerAudio.Format.SampleRateHertz);
        await events.WaitForStateAsync(SessionState.Listening);

        // Speech down: the next question comes as text with a notice; audio sends are UNAVAILABLE.
        Host.SpeechDown = true;
        await client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = InterviewScript.TypedAnswer(0) }, cancellationToken: ct);
        var notice = await events.WaitForAsync(e => e.Notice?.Code == "speech_unavailable");
        Assert.Equal(NoticeLevel.Warning, notice.Notice.Level);
        await events.WaitForStateAsync(SessionState.Listening);
        var silent = events.Seen.Last(e => e.InterviewerUtterance is { Kind: UtteranceKind.Question or UtteranceKind.FollowUp, IsComplete: true });
        Assert.NotEqual(first.InterviewerUtterance.UtteranceId, silent.InterviewerUtterance.UtteranceId);
        Assert.DoesNotContain(events.Seen, e => e.InterviewerAudio?.UtteranceId == silent.InterviewerUtterance.UtteranceId && e.InterviewerAudio.Audio.Length > 0);
        await InterviewScript.FailsWith(StatusCode.Unavailable, () => client.SendAudioAsync(
            new SendAudioRequest { SessionId = session.Id, Audio = ByteString.CopyFrom(new byte[3200]), ChunkSequence = 1 }, cancellationToken: ct).ResponseAsync);

        // Speech back: the session continues and speaks again.
        Host.SpeechDown = false;
        await client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = InterviewScript.TypedAnswer(1) }, cancellationToken: ct);
        var spoken = await events.WaitForAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.Question or UtteranceKind.FollowUp or UtteranceKind.Closing, IsComplete: true });
        await events.WaitForAsync(e => e.InterviewerAudio is { Audio.Length: > 0 } a && a.UtteranceId == spoken.InterviewerUtterance.UtteranceId);
        if (!events.Seen.Any(e => e.Notice?.Code == "speech_restored"))
        {
            await events.WaitForAsync(e => e.Notice?.Code == "speech_restored");
        }

        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: ct);
        Assert.Equal([InterviewScript.TypedAnswer(0), InterviewScript.TypedAnswer(1)], stored.Turns.Select(t => t.Answer));
    }
}
