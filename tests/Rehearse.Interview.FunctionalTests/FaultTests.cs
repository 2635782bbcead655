using Google.Protobuf;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Bad input and calls that do not fit the session: each gets the status the contract promises.</summary>
public sealed class FaultTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_without_a_well_formed_api_key_is_unauthenticated()
    {
        var message = await InterviewScript.FailsWith(StatusCode.Unauthenticated,
            () => Host.Client("short").ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Contains("16 to 128", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_foreign_sessions_are_not_found()
    {
        var owner = Host.Client(NewKey());
        var stranger = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = await CreateAsync(owner);

        await InterviewScript.FailsWith(StatusCode.NotFound,
            () => owner.GetSessionAsync(new GetSessionRequest { SessionId = Guid.NewGuid().ToString() }, cancellationToken: Ct).ResponseAsync);
        await InterviewScript.FailsWith(StatusCode.NotFound,
            () => owner.GetSessionAsync(new GetSessionRequest { SessionId = "not-a-session" }, cancellationToken: Ct).ResponseAsync);
        await InterviewScript.FailsWith(StatusCode.NotFound,
            () => stranger.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: Ct).ResponseAsync);
        await InterviewScript.FailsWith(StatusCode.NotFound,
            () => stranger.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = "hello" }, cancellationToken: Ct).ResponseAsync);
        await InterviewScript.FailsWith(StatusCode.NotFound,
            () => stranger.DeleteSessionAsync(new DeleteSessionRequest { SessionId = session.Id }, cancellationToken: Ct).ResponseAsync);
        Assert.Empty((await stranger.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: Ct)).Sessions);

        // The owner still has it, and can delete it.
        await owner.DeleteSessionAsync(new DeleteSessionRequest { SessionId = session.Id }, cancellationToken: Ct);
        await InterviewScript.FailsWith(StatusCode.NotFound,
            () => owner.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: Ct).ResponseAsync);
    }

    [Fact]
    public async Task Sends_in_the_wrong_state_fail_the_precondition()
    {
        var client = Host.Client(NewKey());
        var session = await CreateAsync(client);

        var message = await InterviewScript.FailsWith(StatusCode.FailedPrecondition,
            () => client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = "too early" }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("not started", message, StringComparison.Ordinal);
        await InterviewScript.FailsWith(StatusCode.FailedPrecondition,
            () => client.SendAudioAsync(new SendAudioRequest { SessionId = session.Id, Audio = ByteString.CopyFrom(new byte[3200]) }, cancellationToken: Ct).ResponseAsync);
        await InterviewScript.FailsWith(StatusCode.FailedPrecondition,
            () => client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: Ct).ResponseAsync);
    }

    [Fact]
    public async Task An_ended_session_refuses_answers_and_a_second_end_but_has_its_report()
    {
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = await CreateAsync(client);
        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: Ct);
        await using var events = SessionEvents.From(stream);
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.Start }, cancellationToken: Ct);
        await events.WaitForStateAsync(SessionState.Listening);
        await client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = InterviewScript.TypedAnswer(0) }, cancellationToken: Ct);
        await events.WaitForAsync(e => e.AnswerCompleted is not null);

        var ended = (await client.EndSessionAsync(new EndSessionRequest { SessionId = session.Id }, cancellationToken: Ct)).Session;
        Assert.Equal(SessionState.Finished, ended.State);
        Assert.NotNull(ended.EndTime);
        await events.WaitForEndAsync();

        await InterviewScript.FailsWith(StatusCode.FailedPrecondition,
            () => client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = "late" }, cancellationToken: Ct).ResponseAsync);
        await InterviewScript.FailsWith(StatusCode.FailedPrecondition,
            () => client.EndSessionAsync(new EndSessionRequest { SessionId = session.Id }, cancellationToken: Ct).ResponseAsync);
        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: Ct)).Report;
        Assert.Equal(InterviewScript.TypedAnswer(0), Assert.Single(report.Turns).Turn.Answer);
    }

    [Fact]
    public async Task A_request_the_protobuf_runtime_cannot_parse_is_an_invalid_argument()
    {
        // A hand-made SendTextRequest: field 1 (session_id), length 4, "ab" + 0xC3 0x28 (a broken UTF-8 sequence).
        var sendText = new Method<byte[], byte[]>(MethodType.Unary, InterviewService.Descriptor.FullName, "SendText",
            Marshallers.Create(bytes => bytes, bytes => bytes), Marshallers.Create(bytes => bytes, bytes => bytes));

        var detail = await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => Host.Invoker(NewKey()).AsyncUnaryCall(sendText, null, new CallOptions(cancellationToken: Ct), [0x0A, 0x04, (byte)'a', (byte)'b', 0xC3, 0x28]).ResponseAsync);
        Assert.Equal("request: the SendTextRequest message could not be parsed: String is invalid UTF-8.", detail);
    }

    [Fact]
    public async Task Oversized_audio_and_text_and_bad_configs_are_invalid_arguments_naming_field_and_limit()
    {
        var client = Host.Client(NewKey());
        var session = await CreateAsync(client);

        var audio = await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.SendAudioAsync(new SendAudioRequest { SessionId = session.Id, Audio = ByteString.CopyFrom(new byte[1024 * 1024 + 2]) }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("audio", audio, StringComparison.Ordinal);
        Assert.Contains("1048576", audio, StringComparison.Ordinal);

        var text = await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = new string('a', 10_001) }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("text", text, StringComparison.Ordinal);
        Assert.Contains("10000", text, StringComparison.Ordinal);

        var rate = await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.SendAudioAsync(new SendAudioRequest { SessionId = session.Id, Audio = ByteString.CopyFrom(new byte[320]), Format = new AudioFormat { SampleRateHertz = 96_000 } }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("format.sample_rate_hertz", rate, StringComparison.Ordinal);

        var count = InterviewScript.TextOnly();
        count.QuestionCount = 50;
        Assert.Contains("config.question_count", await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = count }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);
        var role = InterviewScript.TextOnly();
        role.Role = "astronaut";
        Assert.Contains("config.role", await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = role }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);
        var silence = InterviewScript.TextOnly();
        silence.EndOfAnswerSilence = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30));
        Assert.Contains("config.end_of_answer_silence", await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = silence }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);
        var jobDescription = InterviewScript.TextOnly();
        jobDescription.JobDescription = new Document { Text = new string('j', 20_001) };
        Assert.Contains("config.job_description", await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = jobDescription }, cancellationToken: Ct).ResponseAsync), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_pages_newest_first()
    {
        var client = Host.Client(NewKey());
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await CreateAsync(client)).Id);
        }
        var first = await client.ListSessionsAsync(new ListSessionsRequest { PageSize = 2 }, cancellationToken: Ct);
        var second = await client.ListSessionsAsync(new ListSessionsRequest { PageSize = 2, PageToken = first.NextPageToken }, cancellationToken: Ct);
        Assert.Equal([created[2], created[1]], first.Sessions.Select(s => s.Id));
        Assert.Equal([created[0]], second.Sessions.Select(s => s.Id));
        Assert.Empty(second.NextPageToken);
    }

    private static async Task<Session> CreateAsync(InterviewService.InterviewServiceClient client) =>
        (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: Ct)).Session;
}
