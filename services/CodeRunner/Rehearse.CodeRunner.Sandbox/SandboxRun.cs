namespace Rehearse.CodeRunner.Sandbox;

/// <summary>A program to run: its files, which one the interpreter starts, its standard input and its time limit.</summary>
/// <param name="Language">The language of the files.</param>
/// <param name="Files">File name to content; mounted read-only at <see cref="CodeSandbox.SourceDirectory"/>.</param>
/// <param name="EntryFile">The file the interpreter runs; one of <paramref name="Files"/>.</param>
/// <param name="Stdin">Standard input, closed once written.</param>
/// <param name="TimeLimit">Wall-clock and CPU-time limit; null for the default.</param>
/// <param name="MaxOutputBytes">Bytes kept of each output stream; null for the configured limit.</param>
public sealed record SandboxRun(
    CodeLanguage Language,
    IReadOnlyDictionary<string, string> Files,
    string EntryFile,
    string Stdin = "",
    TimeSpan? TimeLimit = null,
    int? MaxOutputBytes = null);

/// <summary>How a run ended.</summary>
public enum SandboxStatus
{
    /// <summary>Exited with code 0.</summary>
    Completed,

    /// <summary>Exited with another code or was killed by a signal it caused.</summary>
    RuntimeError,

    /// <summary>Stopped at its CPU-time or wall-clock limit.</summary>
    TimeLimitExceeded,

    /// <summary>Ran out of memory.</summary>
    MemoryLimitExceeded,

    /// <summary>Stopped for writing more than the output limit.</summary>
    OutputLimitExceeded,
}

/// <summary>One of a program's output streams.</summary>
public enum OutputKind
{
    /// <summary>Standard output.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}

/// <summary>Text a program wrote, as it appeared.</summary>
/// <param name="Kind">The stream.</param>
/// <param name="Text">The text, decoded as UTF-8 with invalid bytes replaced.</param>
public sealed record OutputChunk(OutputKind Kind, string Text);

/// <summary>The outcome of a run.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="ExitCode">The exit code, or -1 when the sandbox stopped it.</param>
/// <param name="Stdout">Standard output, at most the output limit.</param>
/// <param name="Stderr">Standard error, at most the output limit.</param>
/// <param name="OutputTruncated">Whether output was cut at the limit.</param>
/// <param name="WallTime">Wall-clock time, sandbox start-up included.</param>
/// <param name="CpuTime">CPU time of all its processes; null when not measured (no cgroups).</param>
/// <param name="PeakMemoryBytes">Peak memory of all its processes; null when not measured (no cgroups).</param>
public sealed record SandboxResult(
    SandboxStatus Status,
    int ExitCode,
    string Stdout,
    string Stderr,
    bool OutputTruncated,
    TimeSpan WallTime,
    TimeSpan? CpuTime,
    long? PeakMemoryBytes);

/// <summary>The sandbox is running its maximum of concurrent runs.</summary>
public sealed class SandboxBusyException : Exception
{
    /// <summary>Creates the exception for the given cap.</summary>
    public SandboxBusyException(int maxConcurrentRuns)
        : base($"The code runner is running its maximum of {maxConcurrentRuns} programs at once; try again shortly.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SandboxBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SandboxBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without detail.</summary>
    public SandboxBusyException()
        : base("The code runner is busy.")
    {
    }
}

/// <summary>A run the sandbox refuses: the message names the field and the limit.</summary>
public sealed class SandboxRequestException : Exception
{
    /// <summary>Creates the exception for a field.</summary>
    public SandboxRequestException(string field, string reason)
        : base($"{field}: {reason}")
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>Creates the exception with a message.</summary>
    public SandboxRequestException(string message)
        : this("request", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SandboxRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "request";
        Reason = message;
    }

    /// <summary>Creates the exception without detail.</summary>
    public SandboxRequestException()
        : this("request", "invalid")
    {
    }

    /// <summary>The field at fault, e.g. <c>time_limit</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it, naming the limit.</summary>
    public string Reason { get; }
}
