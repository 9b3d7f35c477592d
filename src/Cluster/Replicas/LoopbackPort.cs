using System.Net;
using System.Net.Sockets;

namespace Convergence.Cluster.Replicas;

/// <summary>Finds free TCP ports on 127.0.0.1.</summary>
internal static class LoopbackPort
{
    /// <summary>
    /// A port the OS just handed out and released. Another process could take it before the server binds it; the
    /// launcher retries with a new port when a server fails to start.
    /// </summary>
    public static int FindFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
