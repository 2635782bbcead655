using System.CommandLine;
using Rehearse.Console.Connection;
using Rehearse.Console.Terminal;

namespace Rehearse.Console.Cli;

/// <summary>What a command's action works with: its parsed arguments, settings, output and cancellation.</summary>
public sealed class CommandContext(ParseResult parse, ClientSettings settings, TerminalOutput output, CancellationToken cancellation)
{
    private readonly List<ServiceConnection> _connections = [];

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; } = parse;

    /// <summary>Service addresses, key and output mode.</summary>
    public ClientSettings Settings { get; } = settings;

    /// <summary>Standard output and error.</summary>
    public TerminalOutput Output { get; } = output;

    /// <summary>Cancelled on Ctrl-C / SIGTERM.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The connection opened last, named in "cannot reach" errors.</summary>
    public ServiceConnection? LastConnection => _connections.Count > 0 ? _connections[^1] : null;

    /// <summary>Opens the Speech service channel (closed when the command ends).</summary>
    public ServiceConnection ConnectSpeech() => Track(ServiceConnection.Speech(Settings));

    /// <summary>Opens the Interview service channel (closed when the command ends).</summary>
    public ServiceConnection ConnectInterview() => Track(ServiceConnection.Interview(Settings));

    /// <summary>Closes the channels.</summary>
    internal void CloseConnections()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
        _connections.Clear();
    }

    private ServiceConnection Track(ServiceConnection connection)
    {
        _connections.Add(connection);
        return connection;
    }
}
