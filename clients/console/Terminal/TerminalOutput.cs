using Spectre.Console;

namespace Rehearse.Console.Terminal;

/// <summary>
/// Where and how the client writes: a rich Spectre.Console UI when a stream is a terminal, plain text without
/// colours or animations when it is redirected (or TERM=dumb); NO_COLOR turns colours off but keeps layout.
/// Results go to standard output; progress, status and errors go to standard error.
/// </summary>
public sealed class TerminalOutput
{
    private TerminalOutput()
    {
        var term = Environment.GetEnvironmentVariable("TERM");
        var dumb = string.Equals(term, "dumb", StringComparison.Ordinal);
        var noColour = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        IsOutputTerminal = !System.Console.IsOutputRedirected && !dumb;
        IsErrorTerminal = !System.Console.IsErrorRedirected && !dumb;
        IsInputTerminal = !System.Console.IsInputRedirected;
        Out = Create(System.Console.Out, IsOutputTerminal, noColour);
        Error = Create(System.Console.Error, IsErrorTerminal, noColour);
    }

    /// <summary>The output of this process.</summary>
    public static TerminalOutput Current { get; } = new();

    /// <summary>Standard output is a terminal.</summary>
    public bool IsOutputTerminal { get; }

    /// <summary>Standard error is a terminal (progress bars and spinners are drawn there).</summary>
    public bool IsErrorTerminal { get; }

    /// <summary>Standard input is a terminal (keys can be read).</summary>
    public bool IsInputTerminal { get; }

    /// <summary>Standard output as a Spectre console (plain when redirected).</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Standard error as a Spectre console (plain when redirected).</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Writes a line of plain text to standard output.</summary>
    public static void WriteLine(string text) => System.Console.Out.WriteLine(text);

    /// <summary>Writes a line of plain text to standard error.</summary>
    public static void WriteErrorLine(string text) => System.Console.Error.WriteLine(text);

    private static IAnsiConsole Create(TextWriter writer, bool terminal, bool noColour)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal && !noColour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            // Redirected text is not wrapped at an imaginary terminal width.
            console.Profile.Width = 4096;
        }
        return console;
    }
}
