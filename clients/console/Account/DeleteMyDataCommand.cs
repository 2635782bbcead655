using System.CommandLine;
using System.Text.Json;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Console.Terminal;
using Rehearse.Interview.V1;

namespace Rehearse.Console.Account;

/// <summary>
/// <c>rehearse delete-my-data</c>: deletes every session of this key's user, with its answers, audio and report, and
/// the user itself. It cannot be undone, so it asks first unless <c>--yes</c> is given.
/// </summary>
public static class DeleteMyDataCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation" };
        var command = new Command("delete-my-data", "Delete all your interviews, reports and answer audio on the server, and your account") { yes };
        command.SetAction(global, async context =>
        {
            if (!context.Parse.GetValue(yes))
            {
                TerminalOutput.WriteErrorLine($"This deletes all your interviews, reports and answer audio on {context.Settings.InterviewAddress}, and your account. It cannot be undone.");
                TerminalOutput.WriteErrorLine("Type \"delete\" to confirm:");
                // Read off the calling thread so that Ctrl-C still cancels while waiting.
                var answer = await Task.Run(System.Console.In.ReadLine, context.Cancellation).WaitAsync(context.Cancellation);
                if (!string.Equals(answer?.Trim(), "delete", StringComparison.Ordinal))
                {
                    throw CliException.Usage("not confirmed; nothing was deleted (type \"delete\", or pass --yes)");
                }
            }
            var client = new InterviewService.InterviewServiceClient(context.ConnectInterview().Invoker);
            var response = await client.DeleteUserDataAsync(new DeleteUserDataRequest(),
                deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation);
            if (context.Settings.Json)
            {
                TerminalOutput.WriteLine(JsonSerializer.Serialize(new { deletedSessions = response.DeletedSessions }));
            }
            else
            {
                TerminalOutput.WriteLine($"Deleted {response.DeletedSessions} session{(response.DeletedSessions == 1 ? "" : "s")} and your account.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
