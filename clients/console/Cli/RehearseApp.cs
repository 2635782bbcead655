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
        root.Subcommands.Add(RolesCommand.Create(global));
        root.Subcommands.Add(KeyCommand.Create(global));
        root.Subcommands.Add(DeleteMyDataCommand.Create(global));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            var command = string.Join(' ', CommandPath(parse.CommandResult.Command));
            var suggestion = parse.UnmatchedTokens.Select(token => ClosestSubcommand(parse.CommandResult.Command, token)).FirstOrDefault(s => s is not null);
            return ErrorReporter.Report(
                CliException.Usage($"{Describe(parse.Errors[0])}{(suggestion is null ? "" : $" Did you mean '{suggestion}'?")} (see '{command} --help')"),
                connection: null, interrupted: false);
        }

        using var interruption = new Interruption(cancellationToken);
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // Interruption handles the signals
        }, interruption.Token);
    }

    /// <summary>
    /// The subcommand of <paramref name="command"/> that <paramref name="token"/> is most likely a misspelling of (at most
    /// two letters added, dropped, changed or swapped, and fewer than a third of them), or null.
    /// </summary>
    private static string? ClosestSubcommand(Command command, string token) =>
        command.Subcommands
            .Select(sub => (sub.Name, Distance: EditDistance(token.ToLowerInvariant(), sub.Name)))
            .Where(c => c.Distance > 0 && c.Distance <= Math.Min(2, (c.Name.Length - 1) / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();

    // Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
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
