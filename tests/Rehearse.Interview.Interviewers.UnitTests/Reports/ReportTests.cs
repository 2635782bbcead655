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
