using Rehearse.Interview.Api.Sessions;
using Rehearse.Interview.Interviewers;

namespace Rehearse.Interview.Api.Hosting;

/// <summary>Document text extraction by the interviewers library.</summary>
internal sealed class InterviewerDocumentText : IDocumentTextExtractor
{
    public string ExtractPdf(ReadOnlyMemory<byte> pdf) =>
        throw new InvalidDataException("PDF documents are not accepted by this server; paste the text instead.");
}

/// <summary>Report documents rendered by the interviewers library.</summary>
internal sealed class InterviewerReportDocuments : IReportDocumentRenderer
{
    public string Markdown(InterviewReport report) =>
        throw new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.Unimplemented, "Report export is not available on this server."));

    public byte[] Pdf(InterviewReport report) =>
        throw new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.Unimplemented, "Report export is not available on this server."));
}
