using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Rehearse.Interview.Interviewers.Documents;

/// <summary>Text of uploaded documents (résumés, job descriptions).</summary>
public static class DocumentText
{
    /// <summary>Extracts the text of a PDF, page by page in reading order.</summary>
    /// <param name="pdf">The PDF file's bytes.</param>
    /// <param name="maxCharacters">Longest text returned; the rest is cut.</param>
    /// <exception cref="ArgumentException">The bytes are not a readable PDF, or it has no text (e.g. a scan).</exception>
    public static string ExtractPdf(ReadOnlySpan<byte> pdf, int maxCharacters)
    {
        if (pdf.Length < 5 || !pdf[..5].SequenceEqual("%PDF-"u8))
        {
            throw new ArgumentException("pdf: not a PDF file (it does not start with %PDF-).", nameof(pdf));
        }

        var text = new StringBuilder();
        try
        {
            using var document = PdfDocument.Open(pdf.ToArray());
            foreach (var page in document.GetPages())
            {
                text.AppendLine(ContentOrderTextExtractor.GetText(page));
                if (text.Length >= maxCharacters)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            // The parser's own message ("Could not find an xref trailer") means nothing to the person uploading.
            throw new ArgumentException("pdf: the PDF cannot be read (damaged, incomplete or encrypted); export it again or paste the text instead.", nameof(pdf), e);
        }

        var result = text.ToString().Trim();
        if (result.Length == 0)
        {
            throw new ArgumentException("pdf: the PDF has no text layer (a scanned document?); paste the text instead.", nameof(pdf));
        }

        return result.Length > maxCharacters ? result[..maxCharacters] : result;
    }
}
