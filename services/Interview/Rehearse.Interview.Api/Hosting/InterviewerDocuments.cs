using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Documents;
using Rehearse.Interview.Interviewers.Reports;

namespace Rehearse.Interview.Api.Hosting;

/// <summary>Document text extraction by the interviewers library.</summary>
internal sealed class InterviewerDocumentText : IDocumentTextExtractor
{
    private const string FieldPrefix = "pdf: ";

    public string ExtractPdf(ReadOnlyMemory<byte> pdf, int maxCharacters)
    {
        try
        {
            return DocumentText.ExtractPdf(pdf.Span, maxCharacters);
        }
        catch (ArgumentException e)
        {
            // The caller names the request field; the library's own parameter name would only repeat it.
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new InvalidDataException(message.StartsWith(FieldPrefix, StringComparison.Ordinal) ? message[FieldPrefix.Length..] : message, e);
        }
    }
}

/// <summary>Report documents rendered by the interviewers library.</summary>
internal sealed class InterviewerReportDocuments : IReportDocumentRenderer
{
    public string Markdown(InterviewReport report, string title) => ReportRenderer.ToMarkdown(report, title);

    public byte[] Pdf(InterviewReport report, string title) => ReportRenderer.ToPdf(report, title);
}
