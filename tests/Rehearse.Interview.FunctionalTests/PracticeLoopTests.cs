using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The practice loop against a real database: feedback on the spot in practice mode, trying a question again (in
/// practice mode, right after an answer in a realistic interview, and from a finished session), and the attempts in
/// the report and the exports.
/// </summary>
public sealed class PracticeLoopTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    [Fact]
    public async Task Practice_mode_gives_feedback_after_the_question_and_a_redo_is_scored_as_the_last_attempt()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = PracticeScript.TextOnly() }, cancellationToken: ct)).Session;
        Assert.True(session.Config.Practice);

        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: ct);
        await using var events = SessionEvents.From(stream);
        await Control(client, session.Id, ControlAction.Start);
        var refused = await InterviewScript.FailsWith(StatusCode.FailedPrecondition, () => Control(client, session.Id, ControlAction.Continue));
        Assert.Contains("no feedback to continue from", refused, StringComparison.Ordinal);

        // A weak first attempt, a strong second one: the feedback shows the change, and the session goes on at CONTINUE.
        var feedback = await PracticeScript.PlayAsync(events,
            asked => Send(client, session.Id, asked.Attempt == 1 ? PracticeScript.WeakAnswer : InterviewScript.TypedAnswer(asked.QuestionIndex)),
            given => Control(client, session.Id, given.Attempt == 1 ? ControlAction.RedoAnswer : ControlAction.Continue));
        await events.WaitForEndAsync();

        Assert.Equal([1, 2], feedback.Select(f => f.Attempt));
        Assert.All(feedback, f => Assert.False(string.IsNullOrWhiteSpace(f.Tip)));
        Assert.False(feedback[0].HasPreviousOverall);
        Assert.Equal(feedback[0].Scores.Overall, feedback[1].PreviousOverall);
        Assert.True(feedback[1].Scores.Overall > feedback[0].Scores.Overall,
            $"the full answer ({feedback[1].Scores.Overall}) scores above the short one ({feedback[0].Scores.Overall})");
        Assert.NotEmpty(feedback[1].CoveredPoints.Concat(feedback[1].MentionedPoints).Concat(feedback[1].MissedPoints));
        // The spoken sentence is an utterance of its own, with the score and the tip.
        var spoken = events.Seen.Where(e => e.InterviewerUtterance is { Kind: UtteranceKind.Feedback, IsComplete: true }).Select(e => e.InterviewerUtterance.Text).ToList();
        Assert.Equal(feedback.Select(f => f.SpokenText), spoken);
        Assert.Contains($"{feedback[1].Scores.Overall} out of 100, up {feedback[1].Scores.Overall - feedback[0].Scores.Overall} from last time", spoken[1], StringComparison.Ordinal);

        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: ct);
        Assert.Equal(SessionState.Finished, stored.Session.State);
        Assert.Equal(1, stored.Turns.First(t => t.Kind == TurnKind.Question).Attempt);
        var redo = Assert.Single(stored.Turns, t => t.Kind == TurnKind.Question && t.Attempt == 2);
        Assert.Equal(stored.Turns[0].Question, redo.Question);

        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct)).Report;
        Assert.True(report.Practice);
        var question = Assert.Single(report.QuestionScores);
        Assert.Equal([1, 2], question.Attempts.Select(a => a.Attempt));
        Assert.Equal(feedback.Select(f => f.Scores.Overall), question.Attempts.Select(a => a.Scores.Overall));
        Assert.Equal(question.Attempts[^1].Scores.Overall, question.Scores.Overall);
        Assert.Equal(question.Scores.Overall, report.Scores.Overall);
        Assert.Contains("tried again is scored by its last attempt", report.ScoringMethod, StringComparison.Ordinal);
        Assert.Equal(stored.Turns.Select(t => t.Index), question.Attempts.SelectMany(a => a.TurnIndexes));

        var markdown = (await client.ExportTranscriptAsync(new ExportTranscriptRequest { SessionId = session.Id, Format = ExportFormat.Markdown }, cancellationToken: ct)).Content.ToStringUtf8();
        Assert.Contains("## Question 1, attempt 2", markdown, StringComparison.Ordinal);
        var reportMarkdown = (await client.ExportReportAsync(new ExportReportRequest { SessionId = session.Id, Format = ExportFormat.Markdown }, cancellationToken: ct)).Content.ToStringUtf8();
        Assert.Contains("#### Attempt 2", reportMarkdown, StringComparison.Ordinal);
        Assert.Contains($"| 2 | {question.Attempts[1].Scores.Overall} | +{question.Attempts[1].Scores.Overall - question.Attempts[0].Scores.Overall} |", reportMarkdown, StringComparison.Ordinal);
        var pdf = await client.ExportReportAsync(new ExportReportRequest { SessionId = session.Id, Format = ExportFormat.Pdf }, cancellationToken: ct);
        Assert.Equal("application/pdf", pdf.ContentType);
    }

    [Fact]
    public async Task A_realistic_interview_takes_a_redo_right_after_an_answer_until_the_next_question_is_asked()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(2) }, cancellationToken: ct)).Session;
        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: ct);
        await using var events = SessionEvents.From(stream);
        await Control(client, session.Id, ControlAction.Start);

        var early = await InterviewScript.FailsWith(StatusCode.FailedPrecondition, () => Control(client, session.Id, ControlAction.RedoAnswer));
        Assert.Contains("no answer to try again", early, StringComparison.Ordinal);

        // The short answer gets a follow-up; while it is asked the candidate tries the main question again instead.
        await events.WaitForAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.Question, IsComplete: true });
        await events.WaitForStateAsync(SessionState.Listening);
        await Send(client, session.Id, PracticeScript.WeakAnswer);
        await events.WaitForAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.FollowUp, IsComplete: true });
        await Control(client, session.Id, ControlAction.RedoAnswer);
        var again = await events.WaitForAsync(e => e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.Question or UtteranceKind.FollowUp });
        Assert.Equal((UtteranceKind.Question, 0), (again.InterviewerUtterance.Kind, again.InterviewerUtterance.QuestionIndex));
        await events.WaitForStateAsync(SessionState.Listening);
        await Send(client, session.Id, InterviewScript.TypedAnswer(0));

        // Once question 2 is asked, question 1 is behind: a redo is refused, naming the state.
        var next = await events.WaitForAsync(e => e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.Question or UtteranceKind.FollowUp });
        while (next.InterviewerUtterance.Kind == UtteranceKind.FollowUp)
        {
            await events.WaitForStateAsync(SessionState.Listening);
            await Send(client, session.Id, InterviewScript.TypedAnswer(0));
            next = await events.WaitForAsync(e => e.InterviewerUtterance is { IsComplete: true, Kind: UtteranceKind.Question or UtteranceKind.FollowUp });
        }
        Assert.Equal(1, next.InterviewerUtterance.QuestionIndex);
        await events.WaitForStateAsync(SessionState.Listening);
        var late = await InterviewScript.FailsWith(StatusCode.FailedPrecondition, () => Control(client, session.Id, ControlAction.RedoAnswer));
        Assert.Contains("The next question has been asked (the session is listening)", late, StringComparison.Ordinal);
        await Control(client, session.Id, ControlAction.End);
        await events.WaitForEndAsync();

        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: ct);
        Assert.Equal([1, 2], stored.Turns.Where(t => t.QuestionIndex == 0 && t.Kind == TurnKind.Question).Select(t => t.Attempt));
        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct)).Report;
        Assert.False(report.Practice);
        var first = report.QuestionScores.Single(q => q.QuestionIndex == 0);
        Assert.Equal([1, 2], first.Attempts.Select(a => a.Attempt));
        Assert.Equal(first.Attempts[1].Scores.Overall, first.Scores.Overall);
        Assert.Contains("the question scores its last attempt", first.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_of_a_finished_session_is_practised_again_in_a_new_practice_session()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var source = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(2) }, cancellationToken: ct)).Session;
        var redo = new RedoQuestion { SessionId = source.Id, QuestionIndex = 1 };

        var running = await InterviewScript.FailsWith(StatusCode.FailedPrecondition,
            () => client.CreateSessionAsync(new CreateSessionRequest { RedoQuestion = redo }, cancellationToken: ct).ResponseAsync);
        Assert.Contains("once its session has finished", running, StringComparison.Ordinal);

        using (var stream = client.StreamEvents(new StreamEventsRequest { SessionId = source.Id }, cancellationToken: ct))
        {
            await using var events = SessionEvents.From(stream);
            await Control(client, source.Id, ControlAction.Start);
            await InterviewScript.PlayAsync(events, async i =>
            {
                var text = InterviewScript.TypedAnswer(i);
                await Send(client, source.Id, text);
                return text;
            });
            await events.WaitForEndAsync();
        }
        var asked = (await client.GetSessionAsync(new GetSessionRequest { SessionId = source.Id }, cancellationToken: ct)).Turns
            .First(t => t.QuestionIndex == 1 && t.Kind == TurnKind.Question).Question;

        var outside = await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { RedoQuestion = new RedoQuestion { SessionId = source.Id, QuestionIndex = 2 } }, cancellationToken: ct).ResponseAsync);
        Assert.Contains("redo_question.question_index", outside, StringComparison.Ordinal);
        await InterviewScript.FailsWith(StatusCode.NotFound,
            () => Host.Client(NewKey()).CreateSessionAsync(new CreateSessionRequest { RedoQuestion = redo }, cancellationToken: ct).ResponseAsync);

        var practice = (await client.CreateSessionAsync(new CreateSessionRequest { RedoQuestion = redo }, cancellationToken: ct)).Session;
        Assert.True(practice.Config.Practice);
        Assert.Equal(1, practice.QuestionCount);
        Assert.Equal(source.Config.Role, practice.Config.Role);
        Assert.Contains("practice question 2", practice.Title, StringComparison.Ordinal);
        using var practiceStream = client.StreamEvents(new StreamEventsRequest { SessionId = practice.Id }, cancellationToken: ct);
        await using var practiceEvents = SessionEvents.From(practiceStream);
        await Control(client, practice.Id, ControlAction.Start);
        var question = await practiceEvents.WaitForAsync(e => e.InterviewerUtterance is { Kind: UtteranceKind.Question, IsComplete: true });
        Assert.Equal(asked, question.InterviewerUtterance.Text);
    }

    [Fact]
    public async Task A_spoken_practice_session_speaks_the_feedback_and_a_spoken_redo_is_heard_as_the_second_attempt()
    {
        var ct = TestContext.Current.CancellationToken;
        var spoken = await SpokenInterview.RecordAnswersAsync(Speech, ct);
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var config = SpokenInterview.Config();
        config.QuestionCount = 1;
        config.Practice = true;
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: ct)).Session;

        await using var connection = await SessionConnection.StartAsync(client, session.Id, Transport.GrpcWeb, ct);
        await using var microphone = new Microphone(connection.SendAudioAsync, SpokenInterview.MicrophoneInterval);
        var said = new List<string>();
        var feedback = await PracticeScript.PlayAsync(connection.Events,
            asked =>
            {
                var index = Math.Min(said.Count, spoken.Count - 1);
                said.Add(SpokenAnswers.Text(index));
                microphone.Say(spoken[index]);
                return Task.CompletedTask;
            },
            given => Control(client, session.Id, given.Attempt == 1 ? ControlAction.RedoAnswer : ControlAction.Continue));
        await connection.Events.WaitForEndAsync(TimeSpan.FromSeconds(120));

        Assert.Equal([1, 2], feedback.Select(f => f.Attempt));
        // The feedback sentence is spoken: its utterance has audio.
        var feedbackUtterances = connection.Events.Seen.Where(e => e.InterviewerUtterance is { Kind: UtteranceKind.Feedback }).Select(e => e.InterviewerUtterance.UtteranceId).ToHashSet();
        Assert.Equal(2, feedbackUtterances.Count);
        Assert.All(feedbackUtterances, id => Assert.Contains(connection.Events.Seen, e => e.InterviewerAudio?.UtteranceId == id && e.InterviewerAudio.Audio.Length > 0));

        var turns = (await client.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: ct)).Turns;
        Assert.Equal(said.Count, turns.Count);
        Assert.All(turns, t => Assert.False(t.Typed));
        var redo = Assert.Single(turns, t => t.Kind == TurnKind.Question && t.Attempt == 2);
        SpokenAnswers.AssertHeard(said[turns.ToList().IndexOf(redo)], redo.Answer);
        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct)).Report;
        // The feedback judged the whole attempt (no answer joined it afterwards), so the report gives its score.
        var question = report.QuestionScores.Single();
        var seen = connection.Events.Seen;
        var fedBack = seen.Last(e => e.AnswerFeedback is not null).Sequence;
        Assert.True(!seen.Any(e => e.Sequence > fedBack && e.AnswerCompleted is { Turn.Attempt: 2 }), Diagnosis(feedback[1], question, turns, seen));
        Assert.True(feedback[1].Scores.Overall == question.Scores.Overall, Diagnosis(feedback[1], question, turns, seen));
    }

    // What a difference between the feedback and the report needs to be understood: both scores, the attempts the
    // report saw, the stored turns and the order in which answers were completed, scored and fed back.
    private static string Diagnosis(AnswerFeedback feedback, QuestionScore question, IEnumerable<Turn> turns, IEnumerable<SessionEvent> events)
    {
        static string Scores(AnswerScores s) =>
            $"overall {s.Overall} (technical {s.TechnicalDepth.Score}, communication {s.Communication.Score}, problem solving {s.ProblemSolving.Score})";
        var lines = new List<string>
        {
            $"The feedback on attempt {feedback.Attempt} said {Scores(feedback.Scores)}; the report's question says {Scores(question.Scores)}.",
        };
        lines.AddRange(question.Attempts.Select(a => $"  report attempt {a.Attempt}: turns [{string.Join(", ", a.TurnIndexes)}], {Scores(a.Scores)}"));
        lines.AddRange(turns.Select(t => $"  turn {t.Index} {t.Kind} attempt {t.Attempt}: {Scores(t.Scores)}, '{t.Answer}'"));
        lines.AddRange(events.Where(e => e.AnswerCompleted is not null || e.AnswerScored is not null || e.AnswerFeedback is not null || e.StateChanged is not null)
            .Select(e => "  " + e.EventCase switch
            {
                SessionEvent.EventOneofCase.AnswerCompleted =>
                    $"#{e.Sequence} completed turn {e.AnswerCompleted.Turn.Index} attempt {e.AnswerCompleted.Turn.Attempt} ({e.AnswerCompleted.Reason}): '{e.AnswerCompleted.Turn.Answer}'",
                SessionEvent.EventOneofCase.AnswerScored => $"#{e.Sequence} scored turn {e.AnswerScored.TurnIndex}: {Scores(e.AnswerScored.Scores)}",
                SessionEvent.EventOneofCase.AnswerFeedback => $"#{e.Sequence} feedback on attempt {e.AnswerFeedback.Attempt}: {Scores(e.AnswerFeedback.Scores)}",
                _ => SessionEvents.Describe(e),
            }));
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task Control(InterviewService.InterviewServiceClient client, string sessionId, ControlAction action) =>
        await client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = action }, cancellationToken: TestContext.Current.CancellationToken);

    private static async Task Send(InterviewService.InterviewServiceClient client, string sessionId, string text) =>
        await client.SendTextAsync(new SendTextRequest { SessionId = sessionId, Text = text }, cancellationToken: TestContext.Current.CancellationToken);
}
