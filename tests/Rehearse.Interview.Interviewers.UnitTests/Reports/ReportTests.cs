using Rehearse.Interview.Interviewers.Analytics;
using Rehearse.Interview.Interviewers.Documents;
using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Interviewers.UnitTests.Reports;

public sealed class ReportTests
{
    private static async Task<InterviewReport> InterviewAsync(string? jobDescription = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Interviewers.Offline();
        var setup = new InterviewSetup("backend", InterviewKind.Technical, DifficultyLevel.Medium, 3, jobDescription, null);
        var plan = new[] { "backend-n-plus-one", "backend-cache-invalidation", "backend-rate-limiter" }
            .Select(id => Interviewers.Catalog.FindQuestion(id)!.ToPlanned()).ToArray();
        var progress = new InterviewProgress(setup, plan, []);
        var analytics = new SpeechAnalyzer(new Hosting.SpeechAnalyticsOptions()).Analyze(
            [new AnswerSegment("Um, it's when you run one query per row, like, in a loop.", TimeSpan.Zero, TimeSpan.FromSeconds(4)),
             new AnswerSegment("You fix it with eager loading or a join, basically.", TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(10))],
            TimeSpan.FromSeconds(12));
        progress = progress.With(Interviewers.Answer(progress, "Um, it's when you run one query per row, like, in a loop. You fix it with eager loading or a join, basically.") with { Typed = false, Analytics = analytics });
        progress = progress.With(Interviewers.Answer(progress, plan[1].ExampleAnswer!, questionIndex: 1));
        progress = progress.With(Interviewers.Answer(progress, "", questionIndex: 2, skipped: true));
        var assessments = new List<AnswerAssessment>();
        foreach (var turn in progress.Turns)
        {
            assessments.Add(await interviewer.AssessAsync(progress, turn, ct));
        }

        return await interviewer.WriteReportAsync(progress, assessments, ct);
    }

    [Fact]
    public async Task The_report_averages_per_question_and_combines_speech_analytics()
    {
        var report = await InterviewAsync();

        Assert.Equal(3, report.Turns.Count);
        var expected = (int)Math.Round(report.Turns.Average(t => t.Assessment.Scores.TechnicalDepth.Score));
        Assert.Equal(expected, report.Scores.TechnicalDepth.Score);
        Assert.Contains("You answered 2 of 3 main questions", report.Summary, StringComparison.Ordinal);
        Assert.NotNull(report.Analytics);
        Assert.True(report.Analytics.FillersPer100Words > 0);
        Assert.Contains(report.Analytics.Fillers, f => f.Filler == "um");
        Assert.Null(report.KeywordCoverage);
        Assert.NotEmpty(report.Improvements);
    }

    private static async Task<InterviewReport> ReportAsync(InterviewKind kind, string[] questionIds, params (int Question, MoveKind Kind, string Answer)[] answers)
    {
        var ct = TestContext.Current.CancellationToken;
        var interviewer = Interviewers.Offline();
        var plan = questionIds.Select(id => Interviewers.Catalog.FindQuestion(id)!.ToPlanned()).ToArray();
        var progress = new InterviewProgress(new InterviewSetup("backend", kind, DifficultyLevel.Medium, plan.Length, null, null), plan, []);
        var assessments = new List<AnswerAssessment>();
        foreach (var (question, turnKind, answer) in answers)
        {
            var turn = Interviewers.Answer(progress, answer, turnKind, question, turnKind == MoveKind.FollowUp ? "Could you go a bit deeper on that?" : null);
            progress = progress.With(turn);
            assessments.Add(await interviewer.AssessAsync(progress, turn, ct));
        }

        return await interviewer.WriteReportAsync(progress, assessments, ct);
    }

    [Fact]
    public async Task An_unanswered_follow_up_takes_a_few_points_off_its_question_not_all_of_them()
    {
        var example = Interviewers.Catalog.FindQuestion("backend-cache-invalidation")!.ExampleAnswer!;
        var report = await ReportAsync(InterviewKind.Technical, ["backend-cache-invalidation"],
            (0, MoveKind.Question, example), (0, MoveKind.FollowUp, ""));

        var main = report.Turns[0].Assessment.Scores;
        var question = Assert.Single(report.Questions!);
        Assert.Equal(main.Overall - ReportComposer.EmptyFollowUpDeduction, question.Scores.Overall);
        Assert.Equal(question.Scores.Overall, report.Scores.Overall);
        Assert.Contains("A follow-up went unanswered", question.Explanation, StringComparison.Ordinal);
        Assert.StartsWith("From your one question: ", report.Scores.TechnicalDepth.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_up_adds_to_its_question_and_the_summary_quotes_the_question_scores()
    {
        var report = await ReportAsync(InterviewKind.Technical, ["backend-idempotent-endpoints", "backend-sql-index"],
            (0, MoveKind.Question, "It means you can call it again and get the same result, so retrying the same request is safe for the client."),
            (0, MoveKind.FollowUp, "For a payment I would have the client send an idempotency key, store it with the result in one transaction, and return the stored result when the same key comes again after a timeout."),
            (1, MoveKind.Question, "An index is a sorted b-tree so lookups are fast. I index the columns in the where clause of frequent queries and check the query plan with explain, because every index slows down inserts."));

        var first = report.Questions!.Single(q => q.QuestionIndex == 0);
        var mainOnly = report.Turns[0].Assessment.Scores;
        Assert.True(first.Scores.TechnicalDepth.Score > mainOnly.TechnicalDepth.Score, $"{first.Scores.TechnicalDepth} vs {mainOnly.TechnicalDepth}");
        Assert.StartsWith("With the follow-up: ", first.Scores.TechnicalDepth.Reason, StringComparison.Ordinal);
        Assert.Contains("the main answer and the follow-up", first.Explanation, StringComparison.Ordinal);
        Assert.Equal((int)Math.Round(report.Questions!.Average(q => q.Scores.Overall)), report.Scores.Overall);
        var best = report.Questions!.MaxBy(q => q.Scores.Overall)!;
        var worst = report.Questions!.MinBy(q => q.Scores.Overall)!;
        Assert.Contains($"Your strongest answer was question {best.QuestionIndex + 1} ({best.Scores.Overall}); question {worst.QuestionIndex + 1} ({worst.Scores.Overall})", report.Summary, StringComparison.Ordinal);
        Assert.Contains($"question 1: {first.Scores.TechnicalDepth.Score}", report.Scores.TechnicalDepth.Reason, StringComparison.Ordinal);
        Assert.Contains("The average of your 2 questions", report.Scores.TechnicalDepth.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_up_shows_only_what_it_adds_to_the_feedback_of_the_answer_before_it()
    {
        var report = await ReportAsync(InterviewKind.Technical, ["backend-cache-invalidation"],
            (0, MoveKind.Question, "I would use a cache in front of the database, with a time to live, and invalidate on writes."),
            (0, MoveKind.FollowUp, "I would measure the hit rate and the latency percentiles."));

        // The follow-up is judged with the main answer: its own assessment repeats the main answer's points and advice.
        var (main, followUp) = (report.Turns[0].Assessment, report.Turns[1].Assessment);
        Assert.NotEmpty(main.CoveredPoints);
        Assert.NotEmpty(main.MissedPoints);
        Assert.NotEmpty(main.Improvements);
        Assert.Empty(followUp.CoveredPoints.Intersect(main.CoveredPoints));
        Assert.Empty(followUp.Improvements.Intersect(main.Improvements));
        Assert.Empty(followUp.Strengths.Intersect(main.Strengths));
        // Nothing new was covered, so the points still missed are the ones listed under the main answer.
        Assert.Empty(followUp.MissedPoints);
        var markdown = ReportRenderer.ToMarkdown(report, "Technical");
        Assert.Equal(1, CountOf(markdown, "Missed: "));
    }

    [Fact]
    public async Task A_follow_up_that_covers_a_new_point_shows_it_and_the_points_still_missed()
    {
        var report = await ReportAsync(InterviewKind.Technical, ["backend-cache-invalidation"],
            (0, MoveKind.Question, "I would use a cache in front of the database, with a time to live, and invalidate on writes."),
            (0, MoveKind.FollowUp, "The hard part is the race between a write and a cache fill: a slow reader can put an old value back after the delete, so I add a version to each entry. How much staleness is acceptable is a business decision, so I ask the product owner first."));

        var (main, followUp) = (report.Turns[0].Assessment, report.Turns[1].Assessment);
        Assert.NotEmpty(followUp.CoveredPoints);
        Assert.Empty(followUp.CoveredPoints.Intersect(main.CoveredPoints));
        Assert.True(followUp.MissedPoints.Count < main.MissedPoints.Count, $"{followUp.MissedPoints.Count} still missed of {main.MissedPoints.Count}");
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    [Fact]
    public async Task An_off_topic_answer_is_named_in_the_summary_and_the_report_says_how_scores_are_made()
    {
        var report = await ReportAsync(InterviewKind.Behavioral, ["backend-behavioral-outage"],
            (0, MoveKind.Question, "Sure. So at my previous job I worked at a retail bank, in the lending team. I interviewed loan officers to understand where applications got stuck, then simplified the forms from fourteen pages to six. As a result completed applications went up by twenty two percent."));

        Assert.True(Assert.Single(report.Questions!).PossiblyOffTopic);
        Assert.Contains("question 1 seemed to be about something else", report.Summary, StringComparison.Ordinal);
        Assert.Contains("30/35/35", report.ScoringMethod, StringComparison.Ordinal);
        var markdown = ReportRenderer.ToMarkdown(report, "Behavioral");
        Assert.Contains("### Question 1 (possibly off-topic)", markdown, StringComparison.Ordinal);
        Assert.Contains("## How the scores are made", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keyword_coverage_compares_the_answers_with_the_job_description()
    {
        var report = await InterviewAsync("We are hiring a backend engineer to scale our Redis caching layer and PostgreSQL databases, with Kafka for events.");

        Assert.NotNull(report.KeywordCoverage);
        Assert.Contains("redis", report.KeywordCoverage.Missing);
        Assert.Contains("kafka", report.KeywordCoverage.Missing);
        Assert.Contains("caching", report.KeywordCoverage.Covered);
        Assert.InRange(report.KeywordCoverage.Ratio, 0.01, 0.99);
    }

    [Fact]
    public async Task The_pdf_parses_back_with_the_scores_headings_and_answers()
    {
        var report = await InterviewAsync();

        var pdf = ReportRenderer.ToPdf(report, "Backend · technical · medium");
        var text = DocumentText.ExtractPdf(pdf, 20_000);

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        Assert.Contains("Scores", text, StringComparison.Ordinal);
        Assert.Contains($"{report.Scores.Overall}/100", text, StringComparison.Ordinal);
        Assert.Contains($"{report.Scores.TechnicalDepth.Score}/100", text, StringComparison.Ordinal);
        Assert.Contains("Question 2", text, StringComparison.Ordinal);
        Assert.Contains("What to improve", text, StringComparison.Ordinal);
        Assert.Contains("cache-aside", text, StringComparison.Ordinal);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 2, $"{document.NumberOfPages} pages: long reports wrap onto new pages");
        foreach (var page in document.GetPages())
        {
            Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Right, 0, page.Width));
        }
    }

    [Fact]
    public async Task The_pdf_draws_bullets_as_bullets_and_keeps_table_columns_apart()
    {
        var report = await InterviewAsync();
        var pdf = ReportRenderer.ToPdf(report, "Backend · technical · medium");

        var text = DocumentText.ExtractPdf(pdf, 1_000_000);
        Assert.Contains("\u2022", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u02C9", text, StringComparison.Ordinal);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var words = document.GetPages().SelectMany(page => page.GetWords()).ToArray();
        // Each bullet sits on the baseline of its item's first line.
        var bullets = words.Where(w => w.Text.StartsWith('\u2022')).ToArray();
        Assert.NotEmpty(bullets);
        Assert.All(bullets, bullet => Assert.Contains(words, w => w != bullet && Math.Abs(w.BoundingBox.Bottom - bullet.BoundingBox.Bottom) < 3));
        // The scores table: "Communication" ends before its score begins, on the same line.
        var label = Assert.Single(words, w => w.Text == "Communication" && words.Any(s => s.Text == $"{report.Scores.Communication.Score}/100" && Math.Abs(s.BoundingBox.Bottom - w.BoundingBox.Bottom) < 1));
        var score = words.First(s => s.Text == $"{report.Scores.Communication.Score}/100" && Math.Abs(s.BoundingBox.Bottom - label.BoundingBox.Bottom) < 1);
        Assert.True(score.BoundingBox.Left - label.BoundingBox.Right >= 5, $"'Communication' ends at {label.BoundingBox.Right:F1}, its score begins at {score.BoundingBox.Left:F1}");
    }

    [Fact]
    public async Task The_markdown_has_a_scores_table_and_a_section_per_answer()
    {
        var report = await InterviewAsync();

        var markdown = ReportRenderer.ToMarkdown(report, "Backend interview");

        Assert.StartsWith("# Backend interview", markdown, StringComparison.Ordinal);
        Assert.Contains($"| Overall | {report.Scores.Overall}/100 |", markdown, StringComparison.Ordinal);
        Assert.Contains("### Question 1", markdown, StringComparison.Ordinal);
        Assert.Contains("### Question 3", markdown, StringComparison.Ordinal);
        Assert.Contains("A: (skipped)", markdown, StringComparison.Ordinal);
        Assert.Contains("## Delivery", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_text_is_cut_after_the_characters_asked_for()
    {
        var pdf = ReportRenderer.ToPdf(await InterviewAsync(), "Backend · technical · medium");

        var whole = DocumentText.ExtractPdf(pdf, 1_000_000);
        var cut = DocumentText.ExtractPdf(pdf, 500);

        Assert.True(whole.Length > 2_000, $"{whole.Length} characters");
        Assert.Equal(whole[..500], cut);
    }

    [Fact]
    public void Text_that_is_not_a_pdf_is_refused_clearly()
    {
        var error = Assert.Throws<ArgumentException>(() => DocumentText.ExtractPdf("hello"u8, 20_000));

        Assert.StartsWith("pdf: not a PDF file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_pdf_is_refused_in_the_uploaders_terms_not_the_parsers()
    {
        var error = Assert.Throws<ArgumentException>(() => DocumentText.ExtractPdf("%PDF-1.7\nnothing else"u8, 20_000));

        Assert.StartsWith("pdf: the PDF cannot be read (damaged, incomplete or encrypted)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xref", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
