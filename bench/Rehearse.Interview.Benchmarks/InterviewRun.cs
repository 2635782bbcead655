using Rehearse.Interview.V1;

namespace Rehearse.Interview.Benchmarks;

/// <summary>How the candidate ends an answer.</summary>
internal enum AnswerEnd
{
    /// <summary>The client says DONE right after the last audio.</summary>
    Done,

    /// <summary>The client stays silent until the end-of-answer silence ends the answer.</summary>
    Silence,
}

/// <summary>
/// The timeline of one answer turn, from the end of the answer to the first interviewer audio after it. Server
/// times are the events' own timestamps (the services run in this process, on the same clock).
/// </summary>
/// <param name="Index">Turn index within the session.</param>
/// <param name="Next">What the interviewer said next (follow-up, acknowledgement, closing).</param>
/// <param name="EndedAt">DONE sent; or, ending by silence, the end of the speech plus the configured silence.</param>
/// <param name="EndpointAt">The session ended the answer (entered the thinking state).</param>
/// <param name="CompletedAt">The answer was recognized to its end and recorded (answer-completed event).</param>
/// <param name="SentenceAt">The interviewer's reply held its first whole sentence (or was complete).</param>
/// <param name="FirstAudioAt">The first interviewer audio left the session.</param>
/// <param name="FirstAudioReceivedAt">The client received it.</param>
/// <param name="Said">The answer's text.</param>
/// <param name="Heard">What the service recognized.</param>
/// <param name="FinalBeyondSpeechEnd">
/// How far the last final transcript's end lies beyond the detector's end of speech: the session counts the
/// end-of-answer silence from the later of the two.
/// </param>
internal sealed record TurnTiming(
    int Index,
    UtteranceKind Next,
    DateTimeOffset EndedAt,
    DateTimeOffset EndpointAt,
    DateTimeOffset CompletedAt,
    DateTimeOffset SentenceAt,
    DateTimeOffset FirstAudioAt,
    DateTimeOffset FirstAudioReceivedAt,
    string Said,
    string Heard,
    TimeSpan FinalBeyondSpeechEnd)
{
    public double VoiceToVoice => Ms(FirstAudioReceivedAt - EndedAt);

    public double FromAnswerCompleted => Ms(FirstAudioReceivedAt - CompletedAt);

    public double Endpoint => Ms(EndpointAt - EndedAt);

    public double RecognitionFinal => Ms(CompletedAt - EndpointAt);

    public double InterviewerFirstSentence => Ms(SentenceAt - CompletedAt);

    public double SynthesisFirstSentence => Ms(FirstAudioAt - SentenceAt);

    public double Transport => Ms(FirstAudioReceivedAt - FirstAudioAt);

    private static double Ms(TimeSpan span) => span.TotalMilliseconds;
}

/// <summary>One interview played from its start to its report.</summary>
internal sealed record InterviewResult(
    IReadOnlyList<TurnTiming> Turns,
    TimeSpan Total,
    int ReportTurns,
    int OverallScore,
    IReadOnlyList<string> Notices,
    TimeSpan MicrophoneLateness);

/// <summary>
/// Plays a spoken interview through <c>Converse</c> with recorded answers said into a real-time microphone,
/// measuring every answer turn.
/// </summary>
internal static class InterviewRun
{
    public static async Task<InterviewResult> PlayAsync(
        InterviewService.InterviewServiceClient client,
        SessionConfig config,
        IReadOnlyList<RecordedAnswer> answers,
        AnswerEnd end,
        TimeSpan silence)
    {
        var started = DateTimeOffset.UtcNow;
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config })).Session;
        using var call = client.Converse();
        await call.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = session.Id, Start = true } });
        var events = new EventReader(call.ResponseStream);
        var turns = new List<TurnTiming>();
        ReceivedEvent report;
        TimeSpan lateness;
        await using (var microphone = new Microphone(call.RequestStream))
        {
            while (true)
            {
                var next = await events.NextAsync(e => e.StateChanged?.Current == SessionState.Listening || e.ReportReady is not null);
                if (next.Event.ReportReady is not null)
                {
                    report = next;
                    break;
                }
                var answer = answers[turns.Count % answers.Count];
                turns.Add(await MeasureTurnAsync(events, microphone, answer, turns.Count, end, silence));
            }
            lateness = microphone.MaxLateness;
        }
        var stored = (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id })).Report;
        return new InterviewResult(turns, report.ReceivedAt - started, stored.Turns.Count, stored.Scores.Overall, events.Notices, lateness);
    }

    private static async Task<TurnTiming> MeasureTurnAsync(
        EventReader events, Microphone microphone, RecordedAnswer answer, int index, AnswerEnd end, TimeSpan silence)
    {
        var saying = microphone.SayAsync(answer.Pcm, end == AnswerEnd.Done);
        DateTimeOffset? endpoint = null, sentence = null;
        TimeSpan speechEnded = TimeSpan.Zero, finalEnd = TimeSpan.Zero;
        ReceivedEvent? completed = null;
        InterviewerUtterance? reply = null;
        while (true)
        {
            var received = await events.NextAsync(_ => true);
            var e = received.Event;
            if (e.StateChanged?.Current == SessionState.Thinking)
            {
                endpoint ??= received.At;
            }
            else if (e.CandidateSpeech is { Speaking: false } speech)
            {
                speechEnded = speech.Offset.ToTimeSpan();
            }
            else if (e.Transcript is { IsFinal: true } final)
            {
                finalEnd = final.EndOffset.ToTimeSpan();
            }
            else if (e.AnswerCompleted is not null)
            {
                completed = received;
            }
            else if (completed is not null && e.InterviewerUtterance is { } utterance && (reply is null || utterance.UtteranceId == reply.UtteranceId))
            {
                reply ??= utterance;
                if (sentence is null && (utterance.IsComplete || HoldsSentence(utterance.Text)))
                {
                    sentence = received.At;
                }
            }
            else if (reply is not null && e.InterviewerAudio is { Audio.Length: > 0 } audio && audio.UtteranceId == reply.UtteranceId)
            {
                var said = await saying;
                var endedAt = end == AnswerEnd.Done ? said.Ended : said.SpeechStart + answer.SpeechEnd + silence;
                return new TurnTiming(index, reply.Kind, endedAt, endpoint ?? completed!.At, completed!.At, sentence ?? received.At,
                    received.At, received.ReceivedAt, answer.Text, completed.Event.AnswerCompleted.Turn.Answer, finalEnd - speechEnded);
            }
        }
    }

    // A sentence ends at ".", "?" or "!" followed by more text.
    private static bool HoldsSentence(string text)
    {
        var end = text.IndexOfAny(['.', '?', '!']);
        return end >= 0 && end < text.Length - 1;
    }
}
