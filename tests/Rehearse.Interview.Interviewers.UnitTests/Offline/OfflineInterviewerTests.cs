namespace Rehearse.Interview.Interviewers.UnitTests.Offline;

public sealed class OfflineInterviewerTests
{
    private static readonly InterviewSetup BackendTechnical = new("backend", InterviewKind.Technical, DifficultyLevel.Medium, 4, null, null);

    [Fact]
    public async Task Plans_distinct_questions_of_the_requested_kind_preferring_the_difficulty()
    {
        var plan = await Interviewers.Offline().PlanAsync(BackendTechnical, TestContext.Current.CancellationToken);

        Assert.Equal(4, plan.Count);
        Assert.Equal(plan.Count, plan.Select(q => q.Id).Distinct().Count());
        var bank = plan.Select(q => Interviewers.Catalog.FindQuestion(q.Id)!).ToArray();
        Assert.All(bank, q => Assert.Equal(InterviewKind.Technical, q.Kind));
        Assert.All(bank, q => Assert.Equal("backend", q.Role));
        Assert.All(bank, q => Assert.Equal(DifficultyLevel.Medium, q.Difficulty));
        Assert.All(plan, q => Assert.NotEmpty(q.KeyPoints));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_plan_and_other_seeds_vary_it()
    {
        var setup = BackendTechnical with { QuestionCount = 3, Difficulty = DifficultyLevel.Hard };
        var ct = TestContext.Current.CancellationToken;
        var first = (await Interviewers.Offline(seed: 1).PlanAsync(setup, ct)).Select(q => q.Id).ToArray();
        var again = (await Interviewers.Offline(seed: 1).PlanAsync(setup, ct)).Select(q => q.Id).ToArray();
        var others = new List<string[]>();
        for (var seed = 2; seed < 12; seed++)
        {
            others.Add((await Interviewers.Offline(seed).PlanAsync(setup with { QuestionCount = 1 }, ct)).Select(q => q.Id).ToArray());
        }

        Assert.Equal(first, again);
        Assert.True(others.Select(o => o[0]).Distinct().Count() > 1, "ten seeds all chose the same first question");
    }

    [Fact]
    public async Task A_job_description_pulls_matching_questions_forward()
    {
        var setup = new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Hard, 1,
            "We run a PostgreSQL fleet and need someone comfortable with schema migrations, backfills and zero-downtime column changes.", null);

        for (var seed = 0; seed < 5; seed++)
        {
            var plan = await Interviewers.Offline(seed).PlanAsync(setup, TestContext.Current.CancellationToken);
            Assert.Equal("backend-schema-migration", Assert.Single(plan).Id);
        }
    }

    [Fact]
    public async Task Questions_asked_before_come_after_the_others_the_longest_ago_first()
    {
        var medium = Interviewers.Catalog.QuestionsFor("backend", InterviewKind.Technical)
            .Where(q => q.Difficulty == DifficultyLevel.Medium).Select(q => q.Id).ToArray();
        var never = medium[^1];
        // Asked on consecutive days, in reverse bank order, so the order asked differs from the bank's.
        var asked = medium[..^1].Reverse().Select((id, day) => (id, DateTimeOffset.UnixEpoch.AddDays(day))).ToDictionary();
        var setup = BackendTechnical with { QuestionCount = medium.Length, AskedBefore = asked };

        for (var seed = 0; seed < 5; seed++)
        {
            var plan = (await Interviewers.Offline(seed).PlanAsync(setup, TestContext.Current.CancellationToken)).Select(q => q.Id).ToArray();
            Assert.Equal([never, .. asked.OrderBy(a => a.Value).Select(a => a.Key)], plan);
        }
    }

    [Fact]
    public async Task Unknown_roles_and_counts_out_of_range_are_refused_naming_the_field()
    {
        var interviewer = Interviewers.Offline();
        var ct = TestContext.Current.CancellationToken;

        var role = await Assert.ThrowsAsync<ArgumentException>(() => interviewer.PlanAsync(BackendTechnical with { Role = "astronaut" }, ct));
        var count = await Assert.ThrowsAsync<ArgumentException>(() => interviewer.PlanAsync(BackendTechnical with { QuestionCount = 21 }, ct));

        Assert.StartsWith("role: unknown role 'astronaut'", role.Message, StringComparison.Ordinal);
        Assert.StartsWith("question_count: must be between 1 and 20", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_behavioral_answer_without_a_result_gets_a_result_follow_up()
    {
        var interviewer = Interviewers.Offline();
        var ct = TestContext.Current.CancellationToken;
        var setup = new InterviewSetup("backend", InterviewKind.Behavioral, DifficultyLevel.Easy, 2, null, null);
        var progress = new InterviewProgress(setup, await interviewer.PlanAsync(setup, ct), []);
        Assert.Equal(MoveKind.Question, (await interviewer.NextMoveAsync(progress, ct)).Kind);

        progress = progress.With(Interviewers.Answer(progress,
            "At my last job we were migrating our billing service to a new database and the cutover kept slipping. " +
            "I was responsible for the data migration. I wrote a replication script, I set up a dashboard comparing row " +
            "counts between the two databases, and I organised a dry run with the team every Friday so we could rehearse the switch."));
        var move = await interviewer.NextMoveAsync(progress, ct);

        Assert.Equal(MoveKind.FollowUp, move.Kind);
        Assert.Equal(0, move.QuestionIndex);
        var text = await move.ReadAllTextAsync(ct);
        Assert.True(text.Contains("result", StringComparison.OrdinalIgnoreCase) || text.Contains("turn out", StringComparison.OrdinalIgnoreCase), text);
    }

    [Fact]
    public async Task A_complete_answer_gets_no_follow_up_and_moves_on_after_an_acknowledgement()
    {
        var interviewer = Interviewers.Offline();
        var ct = TestContext.Current.CancellationToken;
        var setup = new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Medium, 2, null, null);
        var plan = new[] { Interviewers.Catalog.FindQuestion("backend-n-plus-one")!.ToPlanned(), Interviewers.Catalog.FindQuestion("backend-cache-invalidation")!.ToPlanned() };
        var progress = new InterviewProgress(setup, plan, []);
        progress = progress.With(Interviewers.Answer(progress, plan[0].ExampleAnswer!));

        var acknowledgement = await interviewer.NextMoveAsync(progress, ct);
        var question = await interviewer.NextMoveAsync(progress, ct);

        Assert.Equal(MoveKind.Acknowledgement, acknowledgement.Kind);
        Assert.Equal(MoveKind.Question, question.Kind);
        Assert.Equal(1, question.QuestionIndex);
        Assert.Equal(plan[1].Text, await question.ReadAllTextAsync(ct));
    }

    [Fact]
    public async Task Follow_ups_stop_at_the_configured_limit_and_the_interview_closes_after_the_last_question()
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Interviewers.Offline(maxFollowUps: 2);
        var setup = new InterviewSetup("frontend", InterviewKind.Technical, DifficultyLevel.Easy, 1, null, null);
        var progress = new InterviewProgress(setup, await interviewer.PlanAsync(setup, ct), []);
        var kinds = new List<MoveKind>();
        var move = await interviewer.NextMoveAsync(progress, ct);
        while (move.Kind != MoveKind.Closing && kinds.Count < 10)
        {
            kinds.Add(move.Kind);
            var text = await move.ReadAllTextAsync(ct);
            if (move.Kind is MoveKind.Question or MoveKind.FollowUp)
            {
                progress = progress.With(Interviewers.Answer(progress, "Not sure.", move.Kind, move.QuestionIndex, text));
            }

            move = await interviewer.NextMoveAsync(progress, ct);
        }

        Assert.Equal([MoveKind.Question, MoveKind.FollowUp, MoveKind.FollowUp, MoveKind.Acknowledgement], kinds);
        Assert.Equal(MoveKind.Closing, move.Kind);
        Assert.Equal(2, progress.Turns.Select(t => t.Question).Skip(1).Distinct().Count());
    }

    [Fact]
    public async Task A_skipped_question_gets_no_follow_up()
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Interviewers.Offline();
        var setup = new InterviewSetup("mobile", InterviewKind.Technical, DifficultyLevel.Easy, 2, null, null);
        var progress = new InterviewProgress(setup, await interviewer.PlanAsync(setup, ct), []);
        progress = progress.With(Interviewers.Answer(progress, "", skipped: true));

        var move = await interviewer.NextMoveAsync(progress, ct);

        Assert.Equal(MoveKind.Acknowledgement, move.Kind);
    }

    [Fact]
    public async Task Acknowledgements_vary_between_turns()
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Interviewers.Offline();
        var setup = new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Medium, 4, null, null);
        var plan = Interviewers.Catalog.QuestionsFor("backend", InterviewKind.Technical).Where(q => q.ExampleAnswer is not null).Take(4).Select(q => q.ToPlanned()).ToArray();
        var progress = new InterviewProgress(setup, plan, []);
        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            progress = progress.With(Interviewers.Answer(progress, plan[i].ExampleAnswer!, questionIndex: i));
            var move = await interviewer.NextMoveAsync(progress, ct);
            Assert.Equal(MoveKind.Acknowledgement, move.Kind);
            texts.Add(await move.ReadAllTextAsync(ct));
            Assert.Equal(MoveKind.Question, (await interviewer.NextMoveAsync(progress, ct)).Kind);
        }

        Assert.Equal(3, texts.Distinct().Count());
    }

    [Fact]
    public async Task The_greeting_is_one_short_sentence_naming_the_role_and_the_number_of_questions()
    {
        var interviewer = Interviewers.Offline();
        var setup = new InterviewSetup("engineering-manager", InterviewKind.Behavioral, DifficultyLevel.Medium, 3, null, null);
        var progress = new InterviewProgress(setup, await interviewer.PlanAsync(setup, TestContext.Current.CancellationToken), []);

        var greeting = interviewer.Greet(progress);
        var text = await greeting.ReadAllTextAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MoveKind.Greeting, greeting.Kind);
        Assert.Contains("Engineering manager", text, StringComparison.Ordinal);
        Assert.Contains("3 questions", text, StringComparison.Ordinal);
        // One short sentence: the first question comes within seconds.
        Assert.Single(text.Split('.', '?', '!'), part => part.Trim().Length > 0);
        Assert.InRange(text.Length, 1, 100);
    }
}
