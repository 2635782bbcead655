using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Assessment;

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

public sealed class AnswerRelevanceTests
{
    private const string RedisStory =
        "Sure, so at my last job we had a really slow product page and what I did was put a Redis cache in front of the " +
        "catalogue service. Every entry was keyed by product, so product ID plus the locale. We set a TTL of five minutes and " +
        "on writes we deleted the entry. First we measured, then we rolled it out to ten percent of traffic, and finally to everyone.";

    private static async Task<AnswerAssessment> AssessAsync(string questionId, string answer)
    {
        var question = Interviewers.Catalog.FindQuestion(questionId)!;
        var progress = new InterviewProgress(new InterviewSetup(question.Role, question.Kind, question.Difficulty, 1, null, null), [question.ToPlanned()], []);
        var turn = Interviewers.Answer(progress, answer);
        return await Interviewers.Offline().AssessAsync(progress.With(turn), turn, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_fluent_answer_about_something_else_is_flagged_and_capped()
    {
        var assessment = await AssessAsync("frontend-framework-reconciliation", RedisStory);

        Assert.True(assessment.Relevance!.PossiblyOffTopic, assessment.Relevance.Reason);
        Assert.Contains("\"keyed\"", assessment.Relevance.Reason, StringComparison.Ordinal);
        Assert.InRange(assessment.Scores.TechnicalDepth.Score, 0, AnswerAssessor.OffTopicCap);
        Assert.InRange(assessment.Scores.ProblemSolving.Score, 0, AnswerAssessor.OffTopicCap);
        Assert.InRange(assessment.Scores.Communication.Score, 0, AnswerAssessor.OffTopicCommunicationCap);
        Assert.DoesNotContain("Clear and fluent", assessment.Scores.Communication.Reason, StringComparison.Ordinal);
        Assert.Empty(assessment.Strengths);
        Assert.StartsWith("Answer the question that was asked", assessment.Improvements[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_term_is_a_mention_and_a_term_with_its_point_is_coverage()
    {
        var keyed = await AssessAsync("frontend-framework-reconciliation", RedisStory);
        var postOnly = await AssessAsync("backend-idempotent-endpoints",
            "Well, in our API we mostly use POST for everything, to be honest, and that has been working fine for a couple of years now.");
        var explained = await AssessAsync("backend-idempotent-endpoints",
            "GET, PUT and DELETE can be repeated safely, while a POST is not idempotent by default, so a retried POST can create a second order.");

        Assert.Contains("Keys identify list items across renders", keyed.MentionedPoints!);
        Assert.DoesNotContain("Keys identify list items across renders", keyed.CoveredPoints);
        const string verbs = "GET PUT and DELETE are idempotent while POST is not by default";
        Assert.Contains(verbs, postOnly.MentionedPoints!);
        Assert.DoesNotContain(verbs, postOnly.CoveredPoints);
        Assert.Contains(postOnly.Improvements, i => i.StartsWith("You named “GET PUT and DELETE", StringComparison.Ordinal));
        Assert.Contains(verbs, explained.CoveredPoints);
    }

    [Fact]
    public async Task Terms_the_candidate_says_they_do_not_know_cover_nothing()
    {
        var assessment = await AssessAsync("frontend-framework-reconciliation",
            "Honestly I'm not sure what reconciliation means, and I have never used memo or anything like that in a real project. " +
            "I mostly build forms with plain components and they work fine for what we need.");

        Assert.DoesNotContain("Renders produce a new tree compared with the previous one", assessment.CoveredPoints.Concat(assessment.MentionedPoints!));
        Assert.DoesNotContain("Memoisation to skip unchanged subtrees", assessment.CoveredPoints.Concat(assessment.MentionedPoints!));
    }

    [Fact]
    public async Task A_story_in_its_own_words_is_on_topic()
    {
        var assessment = await AssessAsync("backend-behavioral-outage",
            "At my last company our checkout service kept timing out during sales, which hurt our reliability badly. I profiled " +
            "the slow endpoints, added a cache in front of the pricing call and set up load tests before each sale.");

        Assert.False(assessment.Relevance!.PossiblyOffTopic, assessment.Relevance.Reason);
    }

    [Fact]
    public void Short_answers_are_not_judged_for_relevance()
    {
        var question = AssessableQuestion.From(Interviewers.Catalog.FindQuestion("backend-sql-index")!);

        Assert.Same(Relevance.NotJudged, AnswerRelevance.Judge("I would ask my team lead.", question));
        Assert.DoesNotContain("tell", AnswerRelevance.TopicStems(AssessableQuestion.From(Interviewers.Catalog.FindQuestion("backend-behavioral-outage")!)));
    }

    [Fact]
    public async Task Advice_reads_as_sentences_not_fragments()
    {
        var assessment = await AssessAsync("backend-behavioral-mentoring",
            "I mentored a junior developer on my team once and I helped him a bit with his work, we talked now and then and he got better over time I would say.");

        Assert.All(assessment.Improvements, i => Assert.DoesNotContain("(and ", i, StringComparison.Ordinal));
        Assert.False(assessment.Relevance!.PossiblyOffTopic, assessment.Relevance.Reason);
        Assert.Contains("Work in the 4 points you left out, starting with “Understood what they needed” and “Concrete actions such as pairing reviews or stretch tasks”.", assessment.Improvements);
        Assert.Contains("The story has your actions but no situation, task or result.", assessment.Scores.ProblemSolving.Reason, StringComparison.Ordinal);
        Assert.All([assessment.Scores.TechnicalDepth.Reason, assessment.Scores.Communication.Reason, assessment.Scores.ProblemSolving.Reason],
            r => Assert.EndsWith(".", r, StringComparison.Ordinal));
    }
}
