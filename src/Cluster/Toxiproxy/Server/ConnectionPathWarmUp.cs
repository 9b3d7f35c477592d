using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// Sends a few bytes through a hidden proxy (once without toxics, once through the toxic chain) and one request
/// through the API at start, so the first real connection does not pay for compiling the data path: without it
/// the first proxied connection of a process took 25–510 ms instead of about one.
/// </summary>
internal static class ConnectionPathWarmUp
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    /// <summary>Best effort: a failure or a slow machine only means the first connection is slower.</summary>
    public static async Task RunAsync(ToxicEnvironment environment, IPEndPoint apiEndPoint, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Bound);
        try
        {
            await ThroughProxyAsync(environment, bounded.Token);
            await ThroughApiAsync(apiEndPoint, bounded.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // Warm-up is an optimisation; the server works without it.
        }
    }

    private static async Task ThroughProxyAsync(ToxicEnvironment environment, CancellationToken cancellationToken)
    {
        using var upstreamListener = ListeningSocket.Open(new IPEndPoint(IPAddress.Loopback, 0), backlog: 1);
        var upstreamAddress = HostPort.FromEndPoint((IPEndPoint)upstreamListener.LocalEndPoint!).ToString();
        var proxy = new ProxyInstance("warm-up", "127.0.0.1:0", upstreamAddress, environment, Bound, metrics: null);
        proxy.Start();
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var accepting = upstreamListener.AcceptAsync(cancellationToken);
            await client.ConnectAsync(IPEndPoint.Parse(proxy.Listen), cancellationToken);
            using var upstream = await accepting;
            await RoundTripAsync(client, upstream, cancellationToken);

            // Toxicity 1 never draws from the seeded random, so warm-up leaves a seeded run's rolls unchanged.
            proxy.Toxics.TryAdd(new ToxicSpec("warm-up-upstream", ToxicKind.Noop, ToxicDirection.UpStream, 1.0, default));
            proxy.Toxics.TryAdd(new ToxicSpec("warm-up-downstream", ToxicKind.Noop, ToxicDirection.DownStream, 1.0, default));
            await RoundTripAsync(client, upstream, cancellationToken);

            // The shaping path too (a rate so high that no timer is needed, one-byte slices without delay).
            proxy.Toxics.TryAdd(new ToxicSpec("warm-up-bandwidth", ToxicKind.Bandwidth, ToxicDirection.DownStream, 1.0, default(ToxicAttributes) with { Rate = 1_000_000_000 }));
            proxy.Toxics.TryAdd(new ToxicSpec("warm-up-slicer", ToxicKind.Slicer, ToxicDirection.DownStream, 1.0, default(ToxicAttributes) with { AverageSize = 1 }));
            await RoundTripAsync(client, upstream, cancellationToken);
        }
        finally
        {
            proxy.Stop();
            await proxy.DrainAsync(Bound);
        }
    }

    private static async Task RoundTripAsync(Socket client, Socket upstream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1];
        await client.SendAsync("w"u8.ToArray(), SocketFlags.None, cancellationToken);
        await ReceiveOneAsync(upstream, buffer, cancellationToken);
        await upstream.SendAsync(buffer, SocketFlags.None, cancellationToken);
        await ReceiveOneAsync(client, buffer, cancellationToken);
    }

    private static async Task ReceiveOneAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        if (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) == 0)
        {
            throw new IOException("The warm-up connection closed early.");
        }
    }

    private static async Task ThroughApiAsync(IPEndPoint apiEndPoint, CancellationToken cancellationToken)
    {
        var target = apiEndPoint.Address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, apiEndPoint.Port)
            : apiEndPoint.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.IPv6Loopback, apiEndPoint.Port)
            : apiEndPoint;
        using var api = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await api.ConnectAsync(target, cancellationToken);
        await api.SendAsync(Encoding.ASCII.GetBytes("GET /version HTTP/1.1\r\nHost: warm-up\r\nConnection: close\r\n\r\n"), SocketFlags.None, cancellationToken);
        var buffer = new byte[1024];
        while (await api.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
        {
        }
    }
}
