using System.Net.Sockets;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>One client connection through a proxy and its upstream connection, with a pump per direction.</summary>
internal sealed class ProxyConnection
{
    private readonly Socket client;
    private readonly Socket upstream;
    private readonly LinkCounter? upCounter;
    private readonly LinkCounter? downCounter;
    private readonly CancellationTokenSource closing = new();
    private int closed;

    public ProxyConnection(Socket client, Socket upstream, LinkCounter? upCounter, LinkCounter? downCounter)
    {
        this.client = client;
        this.upstream = upstream;
        this.upCounter = upCounter;
        this.downCounter = downCounter;
    }

    /// <summary>Pumps both directions until both ends closed or the connection is aborted.</summary>
    public async Task RunAsync(ToxicChain chain, ToxicEnvironment environment)
    {
        var up = new ConnectionPump(this, client, upstream, ToxicDirection.UpStream, chain, environment, upCounter, closing.Token);
        var down = new ConnectionPump(this, upstream, client, ToxicDirection.DownStream, chain, environment, downCounter, closing.Token);
        try
        {
            await Task.WhenAll(up.RunAsync(), down.RunAsync());
        }
        finally
        {
            Abort(reset: false);
        }
    }

    /// <summary>
    /// Closes both sockets at once; with <paramref name="reset"/> they close with RST (linger 0), which
    /// the peers read as "connection reset by peer". Safe to call from any thread, any number of times.
    /// </summary>
    public void Abort(bool reset)
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }

        // Cancel pending socket operations first so the close below is the only thing peers see.
        closing.Cancel();
        Close(client, reset);
        Close(upstream, reset);
    }

    private static void Close(Socket socket, bool reset)
    {
        try
        {
            if (reset)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer: nothing left to reset.
        }

        socket.Dispose();
    }
}
