using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// One named proxy of the embedded server: a listener, its upstream, its toxic chain and its live
/// connections. Configuration changes are serialised by the API; the data path never takes its locks.
/// </summary>
internal sealed class ProxyInstance
{
    private readonly ToxicEnvironment environment;
    private readonly TimeSpan dialTimeout;
    private readonly ServerMetrics? metrics;
    private readonly ConcurrentDictionary<ProxyConnection, Task> connections = new();
    private Socket? listener;
    private CancellationTokenSource? acceptStop;

    public ProxyInstance(string name, string listen, string upstream, ToxicEnvironment environment, TimeSpan dialTimeout, ServerMetrics? metrics)
    {
        Name = name;
        Listen = listen;
        Upstream = upstream;
        this.environment = environment;
        this.dialTimeout = dialTimeout;
        this.metrics = metrics;
    }

    public string Name { get; }

    /// <summary>The listen address; after the first start it names the bound port, so re-enabling reuses it.</summary>
    public string Listen { get; private set; }

    public string Upstream { get; private set; }

    public bool Enabled => listener is not null;

    public ToxicChain Toxics { get; } = new();

    public int ConnectionCount => connections.Count;

    /// <summary>Binds the listen address and starts accepting. Throws <see cref="SocketException"/> when it cannot bind.</summary>
    public void Start()
    {
        if (listener is not null)
        {
            return;
        }

        if (!HostPort.TryParse(Listen, out var address))
        {
            throw new SocketException((int)SocketError.AddressNotAvailable);
        }

        var bound = ListeningSocket.Open(address.ToBindEndPoint(), backlog: 512);
        Listen = HostPort.FromEndPoint((IPEndPoint)bound.LocalEndPoint!).ToString();
        listener = bound;
        acceptStop = new CancellationTokenSource();
        _ = AcceptLoopAsync(bound, acceptStop.Token);
    }

    /// <summary>Closes the listener and every open connection (toxics are kept).</summary>
    public void Stop()
    {
        if (listener is null)
        {
            return;
        }

        // Not disposed: in-flight dials still read its token.
        acceptStop!.Cancel();
        acceptStop = null;
        listener.Dispose();
        listener = null;
        foreach (var connection in connections.Keys)
        {
            connection.Abort(reset: false);
        }
    }

    /// <summary>
    /// Whether <paramref name="listen"/> and <paramref name="upstream"/> name another proxy than this one, compared
    /// as Toxiproxy compares them: "127.0.0.1:0" differs from the bound "127.0.0.1:41234", "localhost:80" does not
    /// differ from "127.0.0.1:80".
    /// </summary>
    public bool Differs(string listen, string upstream) =>
        upstream != Upstream || (HostPort.TryParse(listen, out var address) ? address.ToResolvedString() : listen) != Listen;

    /// <summary>
    /// Toxiproxy's update: a changed address stops the proxy and takes the new one; then the proxy starts or stops
    /// as <paramref name="enabled"/> says. Throws <see cref="SocketException"/> when it cannot bind (left disabled).
    /// </summary>
    public void Update(string listen, string upstream, bool enabled)
    {
        if (Differs(listen, upstream))
        {
            Stop();
            Listen = listen;
            Upstream = upstream;
        }

        if (enabled)
        {
            Start();
        }
        else
        {
            Stop();
        }
    }

    /// <summary>Waits (bounded) for aborted connections to finish their pumps, after <see cref="Stop"/>.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        try
        {
            // Operational bounds run on real time: a test's manual clock must not make shutdown hang.
            await Task.WhenAll(connections.Values).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Best effort: the sockets are closed already; a pump that has not noticed yet ends on its own.
        }
    }

    private async Task AcceptLoopAsync(Socket bound, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await bound.AcceptAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                // Out of fds, or a connection aborted in the queue: the listener is fine, try again shortly.
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            _ = ServeAsync(client, stop);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        try
        {
            client.NoDelay = true;
        }
        catch (SocketException)
        {
            // The client reset before we got to it.
            client.Dispose();
            return;
        }

        var upstream = await DialUpstreamAsync(stop);
        if (upstream is null)
        {
            // Toxiproxy's behaviour: the client is accepted, then closed at once when upstream is down.
            client.Dispose();
            return;
        }

        var connection = new ProxyConnection(
            client,
            upstream,
            metrics?.ForLink(ToxicDirection.UpStream, Name, Listen, Upstream),
            metrics?.ForLink(ToxicDirection.DownStream, Name, Listen, Upstream));
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connections[connection] = completion.Task;
        try
        {
            // Stop() may have run between the dial and the registration above: it must still win.
            if (stop.IsCancellationRequested)
            {
                connection.Abort(reset: false);
            }

            await connection.RunAsync(Toxics, environment);
        }
        finally
        {
            connections.TryRemove(connection, out _);
            completion.TrySetResult();
        }
    }

    private async Task<Socket?> DialUpstreamAsync(CancellationToken stop)
    {
        if (!HostPort.TryParse(Upstream, out var address))
        {
            return null;
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(dialTimeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
            if (IPAddress.TryParse(address.Host, out var ip))
            {
                await socket.ConnectAsync(new IPEndPoint(ip, address.Port), linked.Token);
            }
            else
            {
                await socket.ConnectAsync(address.Host, address.Port, linked.Token);
            }

            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Dispose();
            return null;
        }
    }
}
