using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>A "host:port" address as Toxiproxy writes them ("127.0.0.1:8474", "[::1]:80", "localhost:5984").</summary>
internal readonly record struct HostPort(string Host, int Port)
{
    public static bool TryParse(string? text, out HostPort address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > IPEndPoint.MaxPort)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        address = new HostPort(host, port);
        return true;
    }

    public static HostPort FromEndPoint(IPEndPoint endPoint) => new(endPoint.Address.ToString(), endPoint.Port);

    /// <summary>
    /// The address to bind: an IP literal, "localhost" as loopback, and any address ("", "0.0.0.0", "::") as
    /// Go binds it: the dual-stack <c>[::]</c> where IPv6 exists, so "0.0.0.0:8080" is reported as "[::]:8080".
    /// </summary>
    public IPEndPoint ToBindEndPoint()
    {
        if (IsAnyAddress)
        {
            return new IPEndPoint(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, Port);
        }

        if (IPAddress.TryParse(Host, out var ip))
        {
            return new IPEndPoint(ip, Port);
        }

        if (string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, Port);
        }

        var resolved = Dns.GetHostAddresses(Host, AddressFamily.InterNetwork);
        return resolved.Length > 0
            ? new IPEndPoint(resolved[0], Port)
            : throw new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>
    /// The address as Toxiproxy compares it when deciding whether a proxy changed (Go's ResolveTCPAddr):
    /// "localhost" becomes 127.0.0.1, IPv6 gets brackets.
    /// </summary>
    public string ToResolvedString() =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) ? new HostPort("127.0.0.1", Port).ToString() : ToString();

    private bool IsAnyAddress => Host.Length == 0 || Host == "0.0.0.0" || Host == "::";

    public override string ToString() =>
        Host.Contains(':') ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}" : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
