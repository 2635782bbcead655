using System.Net;
using System.Net.Sockets;

namespace Rehearse.Testing;

/// <summary>Ports of 127.0.0.1 for servers a test starts.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on now (the system's choice of a free one).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
