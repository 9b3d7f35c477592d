using System.Net;
using System.Net.Sockets;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// Opens the listeners of the API and of every proxy. No SO_REUSEPORT (what .NET's ReuseAddress also sets on
/// Linux): a second listener on a busy port must fail, as it does for Toxiproxy, instead of sharing the port.
/// .NET on Unix already sets SO_REUSEADDR, so a port whose closed connections sit in TIME_WAIT binds again.
/// </summary>
internal static class ListeningSocket
{
    public static Socket Open(IPEndPoint endPoint, int backlog)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                // Go listens on [::] for "0.0.0.0:P" and ":P" and takes IPv4 there too.
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
