using System.Net;
using System.Net.Sockets;

namespace Rehearse.Interview.Benchmarks;

/// <summary>How the <see cref="SpeechLink"/> treats the traffic between the Interview and Speech services.</summary>
internal enum LinkMode
{
    /// <summary>Forwards every byte at once.</summary>
    Healthy,

    /// <summary>Forwards every read only after <see cref="SpeechLink.SlowDelay"/>, both ways.</summary>
    Slow,

    /// <summary>
    /// A hung server: new connections are accepted and never answered, and connections already open go silent
    /// (nothing more is forwarded either way), as when the process is stopped but its sockets stay open.
    /// </summary>
    Hung,
}

/// <summary>
/// A TCP proxy on a loopback port of its own, standing between the Interview service and the Speech service, so
/// the Speech service can be made slow or hung without the Interview service knowing. Back to
/// <see cref="LinkMode.Healthy"/>, the connections that hung are closed, as a restarted server's would be.
/// </summary>
internal sealed class SpeechLink : IAsyncDisposable
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(400);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _accepting;
    private readonly List<(TcpClient Client, TcpClient Target)> _connections = [];
    private volatile LinkMode _mode;

    public SpeechLink(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The address to give the Interview service as the Speech service's.</summary>
    public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public LinkMode Mode
    {
        get => _mode;
        set
        {
            if (value != LinkMode.Hung && _mode == LinkMode.Hung)
            {
                CloseConnections();
            }
            _mode = value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _listener.Stop();
        CloseConnections();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _closing.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_closing.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_closing.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var target = new TcpClient();
            lock (_connections)
            {
                _connections.Add((client, target));
            }
            _ = Task.Run(() => ForwardAsync(client, target));
        }
    }

    private async Task ForwardAsync(TcpClient client, TcpClient target)
    {
        try
        {
            // A connection made while hung is held open and never answered.
            while (_mode == LinkMode.Hung)
            {
                await Task.Delay(100, _closing.Token);
            }
            await target.ConnectAsync(IPAddress.Loopback, _targetPort, _closing.Token);
            await Task.WhenAny(PumpAsync(client.GetStream(), target.GetStream()), PumpAsync(target.GetStream(), client.GetStream()));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            Close(client, target);
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _closing.Token);
            if (read == 0)
            {
                return;
            }
            if (_mode == LinkMode.Slow)
            {
                await Task.Delay(SlowDelay, _closing.Token);
            }
            // What arrives while hung is never delivered: the connection is closed when the link heals.
            while (_mode == LinkMode.Hung)
            {
                await Task.Delay(100, _closing.Token);
            }
            await to.WriteAsync(buffer.AsMemory(0, read), _closing.Token);
        }
    }

    private void CloseConnections()
    {
        List<(TcpClient, TcpClient)> open;
        lock (_connections)
        {
            open = [.. _connections];
            _connections.Clear();
        }
        foreach (var (client, target) in open)
        {
            Close(client, target);
        }
    }

    private void Close(TcpClient client, TcpClient target)
    {
        lock (_connections)
        {
            _connections.Remove((client, target));
        }
        client.Dispose();
        target.Dispose();
    }
}
