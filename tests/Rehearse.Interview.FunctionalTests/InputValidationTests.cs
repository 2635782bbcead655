using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// Every string, enum and duration of a request is checked before use: a refusal is INVALID_ARGUMENT naming the field
/// and the limit, and repeats at most 100 characters of what was sent, whatever its size.
/// </summary>
public sealed class InputValidationTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    private const int Huge = 70_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Oversized_strings_are_refused_naming_field_and_limit_without_repeating_them()
    {
        var client = Host.Client(NewKey());
        var huge = new string('v', Huge);

        var refusals = new Dictionary<string, (string Field, string Limit)>
        {
            [await Refused(() => client.CreateSessionAsync(new CreateSessionRequest { Config = With(c => c.Role = huge) }, cancellationToken: Ct).ResponseAsync)] = ("config.role", "200"),
            [await Refused(() => client.CreateSessionAsync(new CreateSessionRequest { Config = With(c => c.Voice = huge) }, cancellationToken: Ct).ResponseAsync)] = ("config.voice", "100"),
            [await Refused(() => client.PreviewVoiceAsync(new PreviewVoiceRequest { Voice = huge }, cancellationToken: Ct).ResponseAsync)] = ("voice", "100"),
            [await Refused(() => client.GetSessionAsync(new GetSessionRequest { SessionId = huge }, cancellationToken: Ct).ResponseAsync)] = ("session_id", "68"),
            [await Refused(() => client.ListSessionsAsync(new ListSessionsRequest { PageToken = huge }, cancellationToken: Ct).ResponseAsync)] = ("page_token", "100"),
        };

        Assert.All(refusals, r =>
        {
            Assert.StartsWith(r.Value.Field + ":", r.Key, StringComparison.Ordinal);
            Assert.Contains(r.Value.Limit, r.Key, StringComparison.Ordinal);
            Assert.True(r.Key.Length < 200, r.Key);
        });
        // Input that is quoted back is cut to 100 characters.
        var unknownRole = await Refused(() => client.CreateSessionAsync(
            new CreateSessionRequest { Config = With(c => c.Role = new string('r', 199)) }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains(new string('r', 100) + "…", unknownRole, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('r', 101), unknownRole, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_role_is_refused_naming_the_known_roles()
    {
        var client = Host.Client(NewKey());
        var roles = (await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: Ct)).Roles.Select(r => r.Id).ToList();

        var refusal = await Refused(() => client.CreateSessionAsync(new CreateSessionRequest { Config = With(c => c.Role = "data") }, cancellationToken: Ct).ResponseAsync);

        Assert.StartsWith("config.role: 'data' is not a known role", refusal, StringComparison.Ordinal);
        Assert.NotEmpty(roles);
        Assert.All(roles, role => Assert.Contains(role, refusal, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enums_durations_and_voices_outside_the_contract_are_invalid_arguments_naming_the_field()
    {
        var client = Host.Client(NewKey());
        var cases = new (string Field, Action<SessionConfig> Set)[]
        {
            ("config.interview_type", c => c.InterviewType = (InterviewType)99),
            ("config.difficulty", c => c.Difficulty = (Difficulty)99),
            ("config.engine", c => c.Engine = (InterviewerEngine)99),
            ("config.patience", c => c.Patience = (Patience)99),
            ("config.voice", c => c.Voice = "nope"),
            ("config.answer_time_limit", c => c.AnswerTimeLimit = new Duration { Seconds = 1_000_000_000_000 }),
            ("config.answer_time_limit", c => c.AnswerTimeLimit = new Duration { Nanos = 2_000_000_000 }),
            ("config.answer_time_limit", c => c.AnswerTimeLimit = new Duration { Seconds = 60, Nanos = -1 }),
            ("config.end_of_answer_silence", c => c.EndOfAnswerSilence = new Duration { Seconds = 2, Nanos = -5 }),
            ("config.end_of_answer_silence", c => c.EndOfAnswerSilence = new Duration { Seconds = long.MaxValue }),
        };
        foreach (var (field, set) in cases)
        {
            var message = await Refused(() => client.CreateSessionAsync(new CreateSessionRequest { Config = With(set) }, cancellationToken: Ct).ResponseAsync);
            Assert.StartsWith(field + ":", message, StringComparison.Ordinal);
        }

        // A voice the Speech service lists is taken; with the Speech service down, a voice cannot be checked and is taken too.
        var voice = (await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: Ct)).Voices[0].Id;
        var created = await client.CreateSessionAsync(new CreateSessionRequest { Config = With(c => c.Voice = voice) }, cancellationToken: Ct);
        Assert.Equal(voice, created.Session.Config.Voice);
        Host.SpeechDown = true;
        var unchecked_ = await client.CreateSessionAsync(new CreateSessionRequest { Config = With(c => c.Voice = "nope") }, cancellationToken: Ct);
        Assert.Equal("nope", unchecked_.Session.Config.Voice);
    }

    [Fact]
    public async Task Control_characters_in_typed_text_are_refused_and_the_answer_can_be_given_again_and_is_stored()
    {
        var client = Host.Client(NewKey());
        var document = new Document { Text = "Go and\0 SQL" };
        foreach (var (field, config) in new[] { ("config.job_description", With(c => c.JobDescription = document)), ("config.resume", With(c => c.Resume = document)) })
        {
            var message = await Refused(() => client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct).ResponseAsync);
            Assert.StartsWith(field + ": holds the control character U+0000", message, StringComparison.Ordinal);
        }

        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(1) }, cancellationToken: Ct)).Session;
        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session.Id }, cancellationToken: Ct);
        await using var events = SessionEvents.From(stream);
        await client.ControlAsync(new ControlRequest { SessionId = session.Id, Action = ControlAction.Start }, cancellationToken: Ct);

        var answers = await InterviewScript.PlayAsync(events, async i =>
        {
            if (i == 0)
            {
                var refused = await Refused(() => client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = "I would \0 shard it." }, cancellationToken: Ct).ResponseAsync);
                Assert.StartsWith("text: holds the control character U+0000 at position 8", refused, StringComparison.Ordinal);
            }
            var answer = $"I would shard it\tby tenant ({i}).\nThen cache.";
            await client.SendTextAsync(new SendTextRequest { SessionId = session.Id, Text = answer }, cancellationToken: Ct);
            return answer;
        });
        await events.WaitForEndAsync();

        // Every answer reaches the database, and so does the report.
        await Database.WaitForAsync($"SELECT count(*) FROM reports WHERE session_id = '{session.Id}'", 1);
        var (turns, report) = await Database.StoredAnswersAsync(session.Id);
        Assert.Equal(answers, turns);
        Assert.Equal(answers, report);
    }

    private static SessionConfig With(Action<SessionConfig> change)
    {
        var config = InterviewScript.TextOnly();
        change(config);
        return config;
    }

    private static Task<string> Refused(Func<Task> call) => InterviewScript.FailsWith(StatusCode.InvalidArgument, call);
}
