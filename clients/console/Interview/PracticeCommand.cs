using System.CommandLine;
using Rehearse.Console.Cli;

namespace Rehearse.Console.Interview;

/// <summary><c>rehearse practice</c>.</summary>
public static class PracticeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("practice", "Practice a spoken (or typed) mock interview in the terminal");
        command.SetAction(global, _ => Task.FromResult(ExitCodes.Ok));
        return command;
    }
}
