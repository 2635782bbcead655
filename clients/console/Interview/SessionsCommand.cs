using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Console.Terminal;
using Rehearse.Interview.V1;

namespace Rehearse.Console.Interview;

/// <summary><c>rehearse sessions list|show|export|delete</c>: the history of the caller's interviews.</summary>
public static class SessionsCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create(GlobalOptions global)
    {
        var sessions = new Command("sessions", "List, show, export and delete your interview sessions");
        sessions.Subcommands.Add(List(global));
        sessions.Subcommands.Add(Show(global));
        sessions.Subcommands.Add(Export(global));
        sessions.Subcommands.Add(Delete(global));
        return sessions;
    }

    private static Argument<string> SessionId() =>
        new("ID") { Description = "The session id (from 'rehearse sessions list'), or enough of its start to name one session" };

    /// <summary>
    /// The session an id names: a whole id as it is, otherwise the one session of the caller whose id starts with
    /// it. No match, or more than one, is a usage error that lists what there is.
    /// </summary>
    private static async Task<string> ResolveSessionIdAsync(InterviewService.InterviewServiceClient client, string id, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(id, out _))
        {
            return id;
        }
        if (id.Length == 0)
        {
            throw CliException.Usage("ID: give a session id (see 'rehearse sessions list')");
        }
        var matches = new List<Session>();
        var token = "";
        do
        {
            var page = await client.ListSessionsAsync(new ListSessionsRequest { PageSize = 100, PageToken = token },
                deadline: Deadlines.ForUnary(), cancellationToken: cancellationToken);
            matches.AddRange(page.Sessions.Where(s => s.Id.StartsWith(id, StringComparison.OrdinalIgnoreCase)));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw CliException.Usage($"ID: no session of yours has an id starting with '{id}' (see 'rehearse sessions list')"),
            _ => throw CliException.Usage(
                $"ID: '{id}' starts {matches.Count} session ids; give more of it: "
                + string.Join("; ", matches.Select(s => $"{s.Id} ({s.Title})"))),
        };
    }

    private static InterviewService.InterviewServiceClient Client(CommandContext context) => new(context.ConnectInterview().Invoker);

    private static Command List(GlobalOptions global)
    {
        var limit = new Option<int>("--limit") { Description = "Most sessions to list, newest first", DefaultValueFactory = _ => 20, HelpName = "N" };
        var all = new Option<bool>("--all") { Description = "List every session" };
        var command = new Command("list", "List your sessions, newest first, with their scores") { limit, all };
        command.SetAction(global, async context =>
        {
            var client = Client(context);
            var max = context.Parse.GetValue(all) ? int.MaxValue : context.Parse.GetValue(limit);
            if (max < 1)
            {
                throw CliException.Usage($"--limit: {max} is not a positive number");
            }
            var found = new ListSessionsResponse();
            var token = "";
            do
            {
                var page = await client.ListSessionsAsync(
                    new ListSessionsRequest { PageSize = Math.Min(100, max - found.Sessions.Count), PageToken = token },
                    deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation);
                found.Sessions.Add(page.Sessions);
                token = page.NextPageToken;
            }
            while (token.Length > 0 && found.Sessions.Count < max);

            if (context.Settings.Json)
            {
                JsonOutput.Write(found);
                return ExitCodes.Ok;
            }
            TableWriter.Write(context.Output, ["ID", "CREATED", "TITLE", "STATE", "QUESTIONS", "SCORE"],
                found.Sessions.Select(s => (IReadOnlyList<string>)
                [
                    s.Id,
                    s.CreateTime?.ToDateTime().ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
                    s.Title,
                    InterviewNames.State(s.State),
                    s.QuestionCount.ToString(CultureInfo.InvariantCulture),
                    s.OverallScore > 0 ? s.OverallScore.ToString(CultureInfo.InvariantCulture) : "",
                ]),
                unbroken: ["ID"]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(GlobalOptions global)
    {
        var id = SessionId();
        var command = new Command("show", "Show a session's turns, and its report when finished") { id };
        command.SetAction(global, async context =>
        {
            var client = Client(context);
            var sessionId = await ResolveSessionIdAsync(client, context.Parse.GetValue(id)!, context.Cancellation);
            var session = await client.GetSessionAsync(new GetSessionRequest { SessionId = sessionId },
                deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation);
            Report? report = null;
            if (session.Session.State == SessionState.Finished)
            {
                try
                {
                    report = (await client.GetReportAsync(new GetReportRequest { SessionId = sessionId },
                        deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation)).Report;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
                {
                    // finished but the report is still being written: show the turns
                }
            }
            if (context.Settings.Json)
            {
                JsonOutput.Write(session);
                if (report is not null)
                {
                    JsonOutput.Write(new GetReportResponse { Report = report });
                }
                return ExitCodes.Ok;
            }
            if (report is null)
            {
                ReportPrinter.WriteSession(context.Output.Out, session.Session, session.Turns);
            }
            else
            {
                ReportPrinter.WriteSession(context.Output.Out, session.Session, []);
                ReportPrinter.Write(context.Output.Out, report);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(GlobalOptions global)
    {
        var id = SessionId();
        var format = new Option<string>("--format") { Description = "Document format: md or pdf for the report; text, md or vtt with --transcript", DefaultValueFactory = _ => "md", HelpName = "md|pdf|text|vtt" };
        format.AcceptOnlyFromAmong("md", "pdf", "text", "vtt");
        var transcript = new Option<bool>("--transcript") { Description = "Export the transcript instead of the report" };
        var output = new Option<string>("--out", "-o") { Description = "Where to write it (default: the name the service suggests, in the current directory; '-' for standard output)", HelpName = "FILE" };
        var command = new Command("export", "Export a session's report (Markdown or PDF) or transcript") { id, format, transcript, output };
        command.SetAction(global, async context =>
        {
            var parse = context.Parse;
            var client = Client(context);
            var sessionId = await ResolveSessionIdAsync(client, parse.GetValue(id)!, context.Cancellation);
            var formatName = parse.GetValue(format)!;
            var exportFormat = formatName switch
            {
                "pdf" => ExportFormat.Pdf,
                "text" => ExportFormat.Text,
                "vtt" => ExportFormat.Webvtt,
                _ => ExportFormat.Markdown,
            };
            byte[] content;
            string suggested;
            if (parse.GetValue(transcript))
            {
                if (exportFormat == ExportFormat.Pdf)
                {
                    throw CliException.Usage("--format pdf exports reports; a transcript is text, md or vtt");
                }
                var response = await client.ExportTranscriptAsync(new ExportTranscriptRequest { SessionId = sessionId, Format = exportFormat },
                    deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation);
                (content, suggested) = (response.Content.ToByteArray(), response.FileName);
            }
            else
            {
                if (exportFormat is ExportFormat.Text or ExportFormat.Webvtt)
                {
                    throw CliException.Usage($"--format {formatName} exports transcripts (add --transcript); a report is md or pdf");
                }
                var response = await client.ExportReportAsync(new ExportReportRequest { SessionId = sessionId, Format = exportFormat },
                    deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation);
                (content, suggested) = (response.Content.ToByteArray(), response.FileName);
            }

            var path = parse.GetValue(output) ?? SafeFileName(suggested, sessionId, formatName);
            if (path == "-")
            {
                await using var stdout = System.Console.OpenStandardOutput();
                await stdout.WriteAsync(content, context.Cancellation);
                return ExitCodes.Ok;
            }
            try
            {
                await File.WriteAllBytesAsync(path, content, context.Cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.File(path, e);
            }
            if (context.Settings.Json)
            {
                System.Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { file = path, bytes = content.Length }));
            }
            else
            {
                System.Console.Out.WriteLine($"Wrote {path} ({content.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes).");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(GlobalOptions global)
    {
        var id = SessionId();
        var command = new Command("delete", "Delete a session with its turns, audio and report") { id };
        command.SetAction(global, async context =>
        {
            var client = Client(context);
            var sessionId = await ResolveSessionIdAsync(client, context.Parse.GetValue(id)!, context.Cancellation);
            await client.DeleteSessionAsync(new DeleteSessionRequest { SessionId = sessionId },
                deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation);
            if (context.Settings.Json)
            {
                System.Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { deleted = sessionId }));
            }
            else
            {
                System.Console.Out.WriteLine($"Deleted session {sessionId}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    // The service suggests a name; only its last path segment is used, so a name can never leave the directory.
    private static string SafeFileName(string suggested, string sessionId, string format)
    {
        var name = Path.GetFileName(suggested);
        return string.IsNullOrWhiteSpace(name) ? $"rehearse-{sessionId}.{format}" : name;
    }
}
