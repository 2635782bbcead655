using System.Globalization;
using System.Text;
using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>A rendered document.</summary>
public sealed record ExportedDocument(byte[] Content, string ContentType, string FileName);

/// <summary>A finished session's report, and documents of reports and transcripts.</summary>
public sealed class SessionExports(ISessionStore store, IReportDocumentRenderer renderer, Microsoft.Extensions.Options.IOptions<InterviewOptions> options)
{
    /// <summary>The report of a finished session.</summary>
    /// <exception cref="SessionStateException">The session runs, or no report could be written.</exception>
    public async Task<Report> ReportAsync(SessionActor actor, CancellationToken cancellationToken)
    {
        var report = await LoadAsync(actor, cancellationToken);
        var proto = ProtoMapping.ToProto(actor.Id, report, actor.Turns);
        proto.Practice = actor.Snapshot().Settings.Practice;
        proto.AnswerAudioRetained = options.Value.AnswerAudioRetention == AnswerAudioRetention.Days;
        return proto;
    }

    /// <summary>The report as Markdown or PDF.</summary>
    public async Task<ExportedDocument> ExportReportAsync(SessionActor actor, ExportFormat format, CancellationToken cancellationToken)
    {
        var report = await LoadAsync(actor, cancellationToken);
        var name = FileStem(actor);
        var title = actor.Snapshot().Title;
        return format switch
        {
            ExportFormat.Unspecified or ExportFormat.Markdown =>
                new ExportedDocument(Encoding.UTF8.GetBytes(renderer.Markdown(report, title)), "text/markdown; charset=utf-8", name + "-report.md"),
            ExportFormat.Pdf => new ExportedDocument(renderer.Pdf(report, title), "application/pdf", name + "-report.pdf"),
            _ => throw new InvalidSessionRequestException("format", $"{format} is not a report format (MARKDOWN or PDF)."),
        };
    }

    /// <summary>The transcript as plain text, Markdown or WebVTT captions.</summary>
    public ExportedDocument ExportTranscript(SessionActor actor, ExportFormat format)
    {
        var turns = actor.Turns;
        var name = FileStem(actor) + "-transcript";
        return format switch
        {
            ExportFormat.Unspecified or ExportFormat.Markdown =>
                new ExportedDocument(Encoding.UTF8.GetBytes(Markdown(actor.Snapshot(), turns)), "text/markdown; charset=utf-8", name + ".md"),
            ExportFormat.Text => new ExportedDocument(Encoding.UTF8.GetBytes(PlainText(turns)), "text/plain; charset=utf-8", name + ".txt"),
            ExportFormat.Webvtt => new ExportedDocument(Encoding.UTF8.GetBytes(WebVtt(turns)), "text/vtt; charset=utf-8", name + ".vtt"),
            _ => throw new InvalidSessionRequestException("format", $"{format} is not a transcript format (TEXT, MARKDOWN or WEBVTT)."),
        };
    }

    private async Task<Interviewers.InterviewReport> LoadAsync(SessionActor actor, CancellationToken cancellationToken)
    {
        if (actor.Snapshot().State != SessionState.Finished)
        {
            throw new SessionStateException("The report is written when the session finishes.");
        }
        await actor.FlushAsync(cancellationToken);
        return await store.LoadReportAsync(actor.Id, cancellationToken)
            ?? throw new SessionStateException("This session has no report (it could not be written).");
    }

    private static string FileStem(SessionActor actor) =>
        "rehearse-" + actor.Snapshot().CreatedAt.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture);

    private static string Answer(StoredTurn turn) =>
        turn.Turn.Skipped ? "(skipped)" : turn.Turn.Answer.Length == 0 ? "(no answer)" : turn.Turn.Answer;

    // A question tried again is marked where its new attempt starts, so the attempts read apart in every format.
    private static string AttemptLabel(StoredTurn turn) =>
        turn.Turn.Attempt > 1 && turn.Turn.Kind == Interviewers.MoveKind.Question
            ? string.Create(CultureInfo.InvariantCulture, $"attempt {turn.Turn.Attempt}")
            : "";

    private static string PlainText(IReadOnlyList<StoredTurn> turns)
    {
        var text = new StringBuilder();
        foreach (var turn in turns)
        {
            if (AttemptLabel(turn) is { Length: > 0 } attempt)
            {
                text.Append('(').Append(char.ToUpperInvariant(attempt[0])).Append(attempt[1..]).AppendLine(")");
            }
            text.Append("Interviewer: ").AppendLine(turn.Turn.Question);
            text.Append(turn.Turn.Typed ? "You (typed): " : "You: ").AppendLine(Answer(turn));
            if (turn.Turn.Coding is { } coding)
            {
                text.AppendLine(Interviewers.Reports.ReportRenderer.CodingSummary(coding, null)).AppendLine(coding.FinalCode.TrimEnd());
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    private static string Markdown(SessionSummary session, IReadOnlyList<StoredTurn> turns)
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(session.Title).AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"{session.CreatedAt:yyyy-MM-dd HH:mm} UTC").AppendLine().AppendLine();
        foreach (var turn in turns)
        {
            var heading = turn.Turn.Kind == Interviewers.MoveKind.FollowUp ? "Follow-up" : $"Question {turn.Turn.QuestionIndex + 1}";
            if (AttemptLabel(turn) is { Length: > 0 } attempt)
            {
                heading += $", {attempt}";
            }
            text.Append(CultureInfo.InvariantCulture, $"## {heading}").AppendLine().AppendLine();
            text.Append("**Interviewer:** ").AppendLine(turn.Turn.Question).AppendLine();
            text.Append(turn.Turn.Typed ? "**You (typed):** " : "**You:** ").AppendLine(Answer(turn)).AppendLine();
            if (turn.Turn.Coding is { } coding)
            {
                text.AppendLine(Interviewers.Reports.ReportRenderer.CodingSummary(coding, null)).AppendLine()
                    .AppendLine(Interviewers.Reports.ReportRenderer.FencedCode(coding.Language, coding.FinalCode));
            }
        }
        return text.ToString();
    }

    private static string WebVtt(IReadOnlyList<StoredTurn> turns)
    {
        var text = new StringBuilder("WEBVTT").AppendLine().AppendLine();
        if (turns.Count == 0)
        {
            return text.ToString();
        }
        var origin = turns[0].AskedAt;
        foreach (var turn in turns)
        {
            var listening = turn.AnsweredAt - turn.Turn.AnswerDuration;
            var question = AttemptLabel(turn) is { Length: > 0 } attempt ? $"({attempt}) {turn.Turn.Question}" : turn.Turn.Question;
            Cue(text, turn.AskedAt - origin, listening - origin, "Interviewer", question);
            if (turn.Turn.Segments.Count == 0)
            {
                Cue(text, listening - origin, turn.AnsweredAt - origin, "You", Answer(turn));
            }
            foreach (var segment in turn.Turn.Segments)
            {
                Cue(text, listening - origin + segment.Start, listening - origin + segment.End, "You", segment.Text);
            }
        }
        return text.ToString();
    }

    private static void Cue(StringBuilder text, TimeSpan start, TimeSpan end, string speaker, string words)
    {
        start = start < TimeSpan.Zero ? TimeSpan.Zero : start;
        end = end <= start ? start + TimeSpan.FromSeconds(1) : end;
        text.Append(Time(start)).Append(" --> ").AppendLine(Time(end));
        text.Append("<v ").Append(speaker).Append('>').AppendLine(words.Replace("-->", "->", StringComparison.Ordinal));
        text.AppendLine();
    }

    private static string Time(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}.{t.Milliseconds:000}");
}

/// <summary>Renders a report as a document.</summary>
public interface IReportDocumentRenderer
{
    /// <summary>The report as Markdown, headed by <paramref name="title"/>.</summary>
    string Markdown(Interviewers.InterviewReport report, string title);

    /// <summary>The report as a PDF file, headed by <paramref name="title"/>.</summary>
    byte[] Pdf(Interviewers.InterviewReport report, string title);
}
