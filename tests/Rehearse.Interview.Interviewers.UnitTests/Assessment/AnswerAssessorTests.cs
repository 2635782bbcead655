using Rehearse.Interview.Interviewers.Analytics;

namespace Rehearse.Interview.Interviewers.UnitTests.Assessment;

public sealed class AnswerAssessorTests
{
    private static async Task<AnswerAssessment> AssessAsync(string questionId, string answer, InterviewKind kind)
    {
        var interviewer = Interviewers.Offline();
        var question = Interviewers.Catalog.FindQuestion(questionId)!.ToPlanned();
        var progress = new InterviewProgress(new InterviewSetup("backend", kind, DifficultyLevel.Medium, 1, null, null), [question], []);
        var turn = Interviewers.Answer(progress, answer);
        return await interviewer.AssessAsync(progress.With(turn), turn, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_strong_technical_answer_outscores_a_weak_one_on_every_dimension()
    {
        var strong = await AssessAsync("backend-cache-invalidation", Interviewers.Catalog.FindQuestion("backend-cache-invalidation")!.ExampleAnswer!, InterviewKind.Technical);
        var weak = await AssessAsync("backend-cache-invalidation",
            "Um, I think I would, like, maybe just clear the cache sometimes. I guess that's kind of it, basically.", InterviewKind.Technical);

        Assert.True(strong.Scores.TechnicalDepth.Score > weak.Scores.TechnicalDepth.Score + 30, $"{strong.Scores.TechnicalDepth} vs {weak.Scores.TechnicalDepth}");
        Assert.True(strong.Scores.Communication.Score > weak.Scores.Communication.Score, $"{strong.Scores.Communication} vs {weak.Scores.Communication}");
        Assert.True(strong.Scores.ProblemSolving.Score > weak.Scores.ProblemSolving.Score + 30, $"{strong.Scores.ProblemSolving} vs {weak.Scores.ProblemSolving}");
        Assert.True(strong.Scores.Overall >= 70, strong.Scores.Overall.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(weak.Scores.Overall <= 35, weak.Scores.Overall.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(strong.CoveredPoints.Count >= 4, string.Join("; ", strong.MissedPoints));
        Assert.NotEmpty(weak.MissedPoints);
        Assert.Contains(weak.Improvements, i => i.Contains("too short", StringComparison.Ordinal));
        Assert.Contains(weak.Improvements, i => i.Contains("filler", StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(strong.Strengths);
        Assert.Equal(Interviewers.Catalog.FindQuestion("backend-cache-invalidation")!.ExampleAnswer, weak.ExampleAnswer);
        Assert.All([strong.Scores.TechnicalDepth, strong.Scores.Communication, strong.Scores.ProblemSolving], d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
    }

    [Fact]
    public async Task Key_points_match_through_stemming_and_synonyms()
    {
        var assessment = await AssessAsync("backend-sql-index",
            "Indexes are B-trees kept sorted. I look at which columns the slow queries filter on in their WHERE clauses " +
            "and check the query plan with EXPLAIN ANALYZE; every index makes inserts slower, so I only add ones that pay off.",
            InterviewKind.Technical);

        Assert.Equal(4, assessment.CoveredPoints.Count);
        Assert.Empty(assessment.MissedPoints);
    }

    [Fact]
    public async Task Star_structure_is_recognised_and_a_missing_result_is_called_out()
    {
        const string withoutResult =
            "At my last company our checkout service kept timing out during sales. I was responsible for its reliability, " +
            "so I profiled the slow endpoints, I added a cache in front of the pricing call and I set up load tests before each sale.";
        var partial = await AssessAsync("backend-behavioral-outage", withoutResult, InterviewKind.Behavioral);
        var full = await AssessAsync("backend-behavioral-outage",
            withoutResult + " As a result the timeouts dropped from 4% to 0.1% of requests and the next sale ran without a single page.",
            InterviewKind.Behavioral);

        Assert.Equal(new StarCoverage(true, true, true, false), partial.Star);
        Assert.Equal(new StarCoverage(true, true, true, true), full.Star);
        Assert.Contains(partial.Improvements, i => i.Contains("result", StringComparison.Ordinal));
        Assert.True(full.Scores.ProblemSolving.Score > partial.Scores.ProblemSolving.Score);
        Assert.Contains("no result", partial.Scores.ProblemSolving.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skipped_question_scores_zero_and_lists_every_key_point_as_missed()
    {
        var interviewer = Interviewers.Offline();
        var question = Interviewers.Catalog.FindQuestion("backend-n-plus-one")!.ToPlanned();
        var progress = new InterviewProgress(new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Medium, 1, null, null), [question], []);
        var turn = Interviewers.Answer(progress, "", skipped: true);

        var assessment = await interviewer.AssessAsync(progress.With(turn), turn, TestContext.Current.CancellationToken);

        Assert.Equal(0, assessment.Scores.Overall);
        Assert.Equal(question.KeyPoints, assessment.MissedPoints);
    }

    [Fact]
    public async Task Fillers_measured_from_speech_lower_the_communication_score()
    {
        var interviewer = Interviewers.Offline();
        var question = Interviewers.Catalog.FindQuestion("backend-n-plus-one")!;
        var progress = new InterviewProgress(new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Medium, 1, null, null), [question.ToPlanned()], []);
        var fluent = Interviewers.Answer(progress, question.ExampleAnswer!);
        var hesitant = fluent with
        {
            Analytics = new SpeechAnalytics(120, 140, 12, [new FillerCount(TranscriptFillers.AudioHesitation, 14)], 0, TimeSpan.Zero, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(55), 14),
        };
        var ct = TestContext.Current.CancellationToken;

        var fluentScore = await interviewer.AssessAsync(progress.With(fluent), fluent, ct);
        var hesitantScore = await interviewer.AssessAsync(progress.With(hesitant), hesitant, ct);

        Assert.True(hesitantScore.Scores.Communication.Score < fluentScore.Scores.Communication.Score - 15);
        Assert.Contains("fillers per 100 words", hesitantScore.Scores.Communication.Reason, StringComparison.Ordinal);
    }
}
