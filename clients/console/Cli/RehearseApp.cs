using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Rehearse.Console.Account;
using Rehearse.Console.Interview;
using Rehearse.Console.Speech;
using Rehearse.Console.Terminal;

namespace Rehearse.Console.Cli;

/// <summary>The <c>rehearse</c> command line: its commands, parsing, and the mapping of failures to exit codes.</summary>
public static class RehearseApp
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("Practice spoken mock interviews in a terminal, and transcribe or synthesize speech with the Rehearse services.");
        global.AddTo(root);
        root.Subcommands.Add(TranscribeCommand.Create(global));
        root.Subcommands.Add(SayCommand.Create(global));
        root.Subcommands.Add(VoicesCommand.Create(global));
        root.Subcommands.Add(PracticeCommand.Create(global));
        root.Subcommands.Add(SessionsCommand.Create(global));
        root.Subcommands.Add(KeyCommand.Create(global));
        root.Subcommands.Add(DeleteMyDataCommand.Create(global));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            var command = string.Join(' ', CommandPath(parse.CommandResult.Command));
            return ErrorReporter.Report(
                CliException.Usage($"{Describe(parse.Errors[0])} (see '{command} --help')"), connection: null, interrupted: false);
        }

        using var interruption = new Interruption(cancellationToken);
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // Interruption handles the signals
        }, interruption.Token);
    }

    /// <summary>A parse error's message, naming the option whose value was refused when the message does not.</summary>
    private static string Describe(ParseError error)
    {
        var symbol = error.SymbolResult;
        while (symbol is not null and not OptionResult)
        {
            symbol = symbol.Parent;
        }
        return symbol is OptionResult { Option.Name: var name } && !error.Message.Contains(name, StringComparison.Ordinal)
            ? $"{name}: {error.Message}"
            : error.Message;
    }

    /// <summary>
    /// Sets a command's action: builds the context, runs <paramref name="action"/>, and reports any failure as one
    /// line with its exit code.
    /// </summary>
    public static void SetAction(this Command command, GlobalOptions global, Func<CommandContext, Task<int>> action) =>
        command.SetAction(async (parse, cancellation) =>
        {
            CommandContext? context = null;
            try
            {
                context = new CommandContext(parse, global.Resolve(parse), TerminalOutput.Current, cancellation);
                return await action(context);
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(e, context?.LastConnection, cancellation.IsCancellationRequested);
            }
            finally
            {
                context?.CloseConnections();
            }
        });

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Command? current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Push(current is RootCommand ? "rehearse" : current.Name);
        }
        return names;
    }
}
