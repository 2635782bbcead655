using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Whole interviews answered by typing, through both transports, against a real database.</summary>
public sealed class TypedInterviewTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    [Fact]
    public async Task Whole_interview_with_typed_answers_through_the_grpc_web_pair()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: ct)).Session;
        Assert.Equal(SessionState.Created, session.State);
        Assert.Equal(2, session.QuestionCount);

        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: ct);
        await using var events = SessionEvents.From(stream);
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.Start }, cancellationToken: ct);
        var answers = await InterviewScript.PlayAsync(events, async i =>
        {
            var text = InterviewScript.TypedAnswer(i);
            await client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = text }, cancellationToken: ct);
            return text;
        });
        await events.WaitForEndAsync();

        await AssertStoredAsync(client, session.Id, answers, events);
    }

    [Fact]
    public async Task Whole_interview_with_typed_answers_through_converse()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey());
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: ct)).Session;

        using var call = client.Converse(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = session.Id, Start = true } }, ct);
        await using var events = SessionEvents.From(call);
        var answers = await InterviewScript.PlayAsync(events, async i =>
        {
            var text = InterviewScript.TypedAnswer(i);
            await call.RequestStream.WriteAsync(new ConverseRequest { Text = text }, ct);
            return text;
        });
        await events.WaitForEndAsync();
        await call.RequestStream.CompleteAsync();

        await AssertStoredAsync(client, session.Id, answers, events);
    }

    [Fact]
    public async Task A_reconnecting_subscriber_resumes_after_the_last_sequence_it_saw_without_gaps()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(1) }, cancellationToken: ct)).Session;
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.Start }, cancellationToken: ct);

        // First connection: read until the first question, then drop.
        long lastSeen;
        using (var first = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: ct))
        {
            await using var events = SessionEvents.From(first);
            lastSeen = (await events.WaitForAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.Question, IsComplete: true })).Sequence;
        }
        await client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = InterviewScript.TypedAnswer(0) }, cancellationToken: ct);

        // Reconnect after the last event seen: the rest of the session arrives, numbered on from there.
        using var second = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id, AfterSequence = lastSeen }, cancellationToken: ct);
        await using var resumed = SessionEvents.From(second);
        await InterviewScript.PlayAsync(resumed, async i =>
        {
            var text = InterviewScript.TypedAnswer(i + 1);
            await client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = text }, cancellationToken: ct);
            return text;
        });
        await resumed.WaitForEndAsync();
        var sequences = resumed.Seen.Where(e => !SessionEvents.IsLiveOnly(e)).Select(e => e.Sequence).ToList();
        Assert.Equal(lastSeen + 1, sequences[0]);
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => lastSeen + 1 + i), sequences);
        Assert.Contains(resumed.Seen, e => e.AnswerCompleted?.Turn.Answer == InterviewScript.TypedAnswer(0));
    }

    private static async Task AssertStoredAsync(
        InterviewService.InterviewServiceClient client, string sessionId, IReadOnlyList<string> answers, SessionEvents events)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(answers.Count >= 2, "Both main questions were asked.");
        var sequences = events.Seen.Where(e => !SessionEvents.IsLiveOnly(e)).Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Contains(events.Seen, e => e.ReportReady is not null);

        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: ct);
        Assert.Equal(SessionState.Finished, stored.Session.State);
        Assert.Equal(answers, stored.Turns.Select(t => t.Answer));
        Assert.All(stored.Turns, t => Assert.True(t.Typed));
        Assert.All(stored.Turns, t => Assert.NotNull(t.Scores));

        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = sessionId }, cancellationToken: ct)).Report;
        Assert.Equal(answers, report.Turns.Select(t => t.Turn.Answer));
        Assert.InRange(report.Scores.Overall, 1, 100);
        Assert.False(string.IsNullOrWhiteSpace(report.Summary));
        Assert.Equal(stored.Session.OverallScore, report.Scores.Overall);
        // One score per main question, which the interview's overall averages, and the rule stated with them.
        Assert.Equal(report.Turns.Select(t => t.Turn.QuestionIndex).Distinct(), report.QuestionScores.Select(q => q.QuestionIndex));
        Assert.Equal((int)Math.Round(report.QuestionScores.Average(q => q.Scores.Overall)), report.Scores.Overall);
        Assert.Contains("Each question gets one score from its main answer and follow-ups", report.ScoringMethod, StringComparison.Ordinal);

        var history = await client.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: ct);
        var listed = Assert.Single(history.Sessions, s => s.Id == sessionId);
        Assert.Equal(report.Scores.Overall, listed.OverallScore);

        var transcript = await client.ExportTranscriptAsync(new ExportTranscriptRequest { SessionId = sessionId, Format = ExportFormat.Webvtt }, cancellationToken: ct);
        var vtt = transcript.Content.ToStringUtf8();
        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        Assert.All(answers, a => Assert.Contains(a, vtt, StringComparison.Ordinal));
    }
}
