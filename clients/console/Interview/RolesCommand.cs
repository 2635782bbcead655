using System.CommandLine;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Console.Terminal;
using Rehearse.Interview.V1;

namespace Rehearse.Console.Interview;

/// <summary><c>rehearse roles</c>: the roles the Interview service has questions for, with their interview types.</summary>
public static class RolesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("roles", "List the roles 'rehearse practice --role' accepts");
        command.SetAction(global, async context =>
        {
            var client = new InterviewService.InterviewServiceClient(context.ConnectInterview().Invoker);
            var options = await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(),
                deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation);
            if (context.Settings.Json)
            {
                JsonOutput.Write(new GetSetupOptionsResponse { Roles = { options.Roles } });
                return ExitCodes.Ok;
            }
            TableWriter.Write(context.Output, ["ID", "NAME", "TYPES"],
                options.Roles.Select(r => (IReadOnlyList<string>)[r.Id, r.DisplayName, string.Join(", ", r.InterviewTypes.Select(InterviewNames.TypeName))]),
                unbroken: ["ID"]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
