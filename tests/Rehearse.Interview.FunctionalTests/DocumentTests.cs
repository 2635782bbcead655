using System.Text;
using Google.Protobuf;
using Rehearse.Interview.V1;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>Report documents (Markdown, PDF) and uploaded PDF documents, through the real service.</summary>
public sealed class DocumentTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    [Fact]
    public async Task The_report_exports_as_markdown_and_as_a_pdf_with_the_scores_and_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey(), Transport.GrpcWeb);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: ct)).Session;
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
        var report = (await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct)).Report;
        var overall = $"{report.Scores.Overall}/100";

        var markdown = await client.ExportReportAsync(new ExportReportRequest { SessionId = session.Id, Format = ExportFormat.Markdown }, cancellationToken: ct);
        Assert.StartsWith("text/markdown", markdown.ContentType, StringComparison.Ordinal);
        var text = markdown.Content.ToStringUtf8();
        Assert.Contains(overall, text, StringComparison.Ordinal);
        Assert.Contains($"{report.Scores.Communication.Score}/100", text, StringComparison.Ordinal);
        Assert.All(answers, a => Assert.Contains(a, text, StringComparison.Ordinal));

        var pdf = await client.ExportReportAsync(new ExportReportRequest { SessionId = session.Id, Format = ExportFormat.Pdf }, cancellationToken: ct);
        Assert.Equal("application/pdf", pdf.ContentType);
        Assert.EndsWith(".pdf", pdf.FileName, StringComparison.Ordinal);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(pdf.Content.Span[..4]), StringComparison.Ordinal);
        using var document = PdfDocument.Open(pdf.Content.ToByteArray());
        var pdfText = string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains(overall, pdfText, StringComparison.Ordinal);
        Assert.Contains("payment", pdfText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_created_with_a_pdf_resume_keeps_its_text()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Host.Client(NewKey());
        const string line = "Senior backend engineer: eight years of Kafka, PostgreSQL and Kubernetes.";
        var config = InterviewScript.TextOnly();
        config.Resume = new Document { Pdf = ByteString.CopyFrom(Pdf(line)) };

        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: ct)).Session;
        Assert.Contains(line, session.Config.Resume.Text, StringComparison.Ordinal);
        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = session.Id }, cancellationToken: ct);
        Assert.Contains(line, stored.Session.Config.Resume.Text, StringComparison.Ordinal);

        config.Resume = new Document { Pdf = ByteString.CopyFromUtf8("not a pdf") };
        var error = await InterviewScript.FailsWith(Grpc.Core.StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: ct).ResponseAsync);
        Assert.StartsWith("config.resume.pdf:", error, StringComparison.Ordinal);
    }

    /// <summary>A one-page PDF with these lines of text.</summary>
    internal static byte[] Pdf(params string[] lines)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        for (var i = 0; i < lines.Length; i++)
        {
            page.AddText(lines[i], 9, new PdfPoint(40, 800 - 12 * i), font);
        }
        return builder.Build();
    }
}
