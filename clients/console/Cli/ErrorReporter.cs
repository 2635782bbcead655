using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Rehearse.Console.Connection;

namespace Rehearse.Console.Cli;

/// <summary>Turns any failure into one line on standard error, <c>rehearse: &lt;status&gt;: &lt;message&gt;</c>, and an exit code.</summary>
public static class ErrorReporter
{
    /// <summary>Prints the failure and returns the exit code.</summary>
    public static int Report(Exception exception, ServiceConnection? connection, bool interrupted)
    {
        var (code, kind, message) = Describe(exception, connection, interrupted);
        System.Console.Out.Flush();
        System.Console.Error.WriteLine(message.Length == 0 ? $"rehearse: {kind}" : $"rehearse: {kind}: {message}");
        return code;
    }

    /// <summary>The exit code, status name and message of a failure.</summary>
    public static (int Code, string Kind, string Message) Describe(Exception exception, ServiceConnection? connection, bool interrupted)
    {
        if (interrupted && IsCancellation(exception))
        {
            return (ExitCodes.Interrupted, "interrupted", "");
        }
        switch (exception)
        {
            case CliException cli:
                return (cli.ExitCode, cli.Kind, OneLine(cli.Message));
            case RpcException rpc when IsUnreachable(rpc):
                var service = connection is null ? "the service" : $"the {connection.ServiceName} at {connection.Address.OriginalString}";
                return (ExitCodes.Unreachable, StatusName(StatusCode.Unavailable),
                    OneLine($"cannot reach {service} ({InnermostMessage(rpc.Status.DebugException!)})"));
            case RpcException rpc:
                var detail = rpc.Status.Detail;
                if (rpc.StatusCode == StatusCode.DeadlineExceeded && connection is not null)
                {
                    detail = $"the {connection.ServiceName} did not finish before the call's deadline";
                }
                if (rpc.StatusCode == StatusCode.Unauthenticated && connection?.ServiceName == ServiceConnection.SpeechServiceName)
                {
                    detail += " (give the Speech service's key with --speech-key or REHEARSE_SPEECH_KEY)";
                }
                return (ExitCodes.Refused, StatusName(rpc.StatusCode), OneLine(detail));
            case OperationCanceledException:
                return (ExitCodes.Interrupted, "interrupted", "");
            default:
                return (ExitCodes.InternalError, "internal error", OneLine($"{exception.GetType().Name}: {exception.Message}"));
        }
    }

    /// <summary>The gRPC status code as written in the protocol, e.g. INVALID_ARGUMENT.</summary>
    public static string StatusName(StatusCode code)
    {
        var name = code.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }
            builder.Append(char.ToUpperInvariant(name[i]));
        }
        return builder.ToString();
    }

    private static bool IsCancellation(Exception exception) =>
        exception is OperationCanceledException || exception is RpcException { StatusCode: StatusCode.Cancelled };

    // The call never reached a gRPC server: the failure is in the HTTP connection, not a status the server sent.
    private static bool IsUnreachable(RpcException rpc) =>
        rpc.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown
        && rpc.Status.DebugException is HttpRequestException or SocketException or IOException;

    private static string InnermostMessage(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }
        return current.Message;
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
