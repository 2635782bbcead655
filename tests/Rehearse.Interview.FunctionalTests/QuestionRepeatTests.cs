using Microsoft.Extensions.DependencyInjection;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A user is not asked a question again until every question of the role, kind and difficulty was asked; then the
/// one asked longest ago comes first. What was asked is read from the user's stored sessions.
/// </summary>
public sealed class QuestionRepeatTests(SpeechServiceFixture speech) : InterviewServiceTest(speech, Settings)
{
    // A fixed seed makes two users with no history get the same plan, so history is what sets them apart.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Interviewers:Offline:Seed"] = "7",
        ["Interviewers:Offline:MaxFollowUpsPerQuestion"] = "0",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Questions_are_not_repeated_until_the_bank_is_exhausted_then_the_longest_ago_comes_first()
    {
        var bank = Host.Services.GetRequiredService<QuestionBankCatalog>()
            .QuestionsFor("backend", InterviewKind.Technical)
            .Where(q => q.Difficulty == DifficultyLevel.Easy)
            .Select(q => q.Id)
            .ToHashSet();
        Assert.True(bank.Count >= 2, $"backend technical easy has {bank.Count} questions");
        var client = Host.Client(NewKey());

        // One question per session: every question of the bank before any comes back (one skipped: it was asked too).
        var asked = new List<string>();
        for (var i = 0; i < bank.Count; i++)
        {
            asked.Add(await PlayOneQuestionAsync(client, skip: i == 1));
        }
        Assert.Equal(bank, asked.ToHashSet());
        Assert.Equal(bank.Count, asked.Count);

        // A session that ends before its question is asked does not count as asking it.
        var unasked = await CreateAsync(client);
        Assert.Equal(asked[0], await PlannedQuestionAsync(unasked));
        await client.EndSessionAsync(new EndSessionRequest { SessionId = unasked }, cancellationToken: Ct);

        // Exhausted: it starts over with the question asked longest ago, then the next.
        Assert.Equal(asked[0], await PlayOneQuestionAsync(client, skip: false));
        Assert.Equal(asked[1], await PlayOneQuestionAsync(client, skip: false));

        // A whole-bank session for the same user asks the rest in the order they were last asked.
        var whole = await CreateAsync(client, bank.Count);
        Assert.Equal([.. asked.Skip(2), asked[0], asked[1]], await PlannedQuestionsAsync(whole));

        // Another user's history is their own: with the same seed they get what the first user got first.
        var other = await CreateAsync(Host.Client(NewKey()));
        Assert.Equal(asked[0], await PlannedQuestionAsync(other));
    }

    private async Task<string> PlayOneQuestionAsync(InterviewService.InterviewServiceClient client, bool skip)
    {
        var session = await CreateAsync(client);
        using var stream = client.StreamEvents(new StreamEventsRequest { SessionId = session }, cancellationToken: Ct);
        await using var events = SessionEvents.From(stream);
        await client.ControlAsync(new ControlRequest { SessionId = session, Action = ControlAction.Start }, cancellationToken: Ct);
        var answers = await InterviewScript.PlayAsync(events, async i =>
        {
            if (skip)
            {
                await client.ControlAsync(new ControlRequest { SessionId = session, Action = ControlAction.SkipQuestion }, cancellationToken: Ct);
                return "";
            }
            var text = InterviewScript.TypedAnswer(i);
            await client.SendTextAsync(new SendTextRequest { SessionId = session, Text = text }, cancellationToken: Ct);
            return text;
        });
        await events.WaitForEndAsync();
        Assert.Single(answers);
        await Database.WaitForAsync($"SELECT count(*) FROM turns WHERE session_id = '{session}'", 1);
        return await PlannedQuestionAsync(session);
    }

    private static async Task<string> CreateAsync(InterviewService.InterviewServiceClient client, int questions = 1)
    {
        var config = InterviewScript.TextOnly(questions);
        config.Difficulty = Difficulty.Easy;
        return (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct)).Session.Id;
    }

    private async Task<string> PlannedQuestionAsync(string session) => Assert.Single(await PlannedQuestionsAsync(session));

    private Task<IReadOnlyList<string>> PlannedQuestionsAsync(string session) =>
        Database.StringsAsync($"SELECT question_id FROM planned_questions WHERE session_id = '{session}' ORDER BY index");
}
