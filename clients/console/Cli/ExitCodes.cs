namespace Rehearse.Console.Cli;

/// <summary>The process exit codes, documented in docs/console.md; scripts rely on them, so they never change.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>Something unexpected failed inside the client itself.</summary>
    public const int InternalError = 1;

    /// <summary>The command line was wrong: unknown option, missing or invalid value.</summary>
    public const int Usage = 2;

    /// <summary>A service could not be reached (connection refused, name not resolved, not a gRPC endpoint).</summary>
    public const int Unreachable = 3;

    /// <summary>The service answered the call with an error status (printed as its gRPC status name).</summary>
    public const int Refused = 4;

    /// <summary>A local file or audio device could not be read, written or opened.</summary>
    public const int LocalFile = 5;

    /// <summary>Interrupted by Ctrl-C (SIGINT) or SIGTERM.</summary>
    public const int Interrupted = 130;
}
