namespace Rehearse.Console.Cli;

/// <summary>
/// A failure the client can explain in one line: <see cref="Kind"/> names the failure ("usage", "file", "audio")
/// and <see cref="ExitCode"/> is what the process returns.
/// </summary>
public sealed class CliException(int exitCode, string kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The process exit code for this failure.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>The failure's short name, printed after "rehearse: ".</summary>
    public string Kind { get; } = kind;

    /// <summary>A command-line mistake (exit code 2).</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, "usage", message);

    /// <summary>A local file that cannot be read or written (exit code 5).</summary>
    public static CliException File(string path, Exception inner) =>
        new(ExitCodes.LocalFile, "file", $"{path}: {inner.Message}", inner);

    /// <summary>A local file whose content is not what the command needs (exit code 5).</summary>
    public static CliException File(string path, string problem) => new(ExitCodes.LocalFile, "file", $"{path}: {problem}");

    /// <summary>No audio tool or device for playback or capture (exit code 5).</summary>
    public static CliException Audio(string message) => new(ExitCodes.LocalFile, "audio", message);
}
