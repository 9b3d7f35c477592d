using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Convergence.Cluster.Toxiproxy;
using Xunit;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>An echo server behind one proxy of an embedded Toxiproxy server, with a client for its API.</summary>
public sealed class ProxyHarness : IAsyncDisposable
{
    /// <summary>Toxiproxy's own test message: "hello world " + 32 KiB of 'a' + newline.</summary>
    public static readonly byte[] Message = Encoding.ASCII.GetBytes("hello world " + new string('a', 32 * 1024) + "\n");

    /// <summary>Upper bound for anything that should be immediate, generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private ProxyHarness(EchoServer echo, ToxiproxyServer server, ToxiproxyClient client, Proxy proxy)
    {
        Echo = echo;
        Server = server;
        Client = client;
        Proxy = proxy;
    }

    public EchoServer Echo { get; }

    public ToxiproxyServer Server { get; }

    public ToxiproxyClient Client { get; }

    public Proxy Proxy { get; }

    public IPEndPoint ProxyEndPoint => IPEndPoint.Parse(Proxy.Listen);

    public static async Task<ProxyHarness> StartAsync(int seed = 1234)
    {
        var echo = EchoServer.Start();
        var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { Random = new Random(seed) });
        var client = server.CreateClient();
        var proxy = await client.AddAsync(new Proxy { Name = "echo", Upstream = echo.Address });
        return new ProxyHarness(echo, server, client, proxy);
    }

    public async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(ProxyEndPoint, timeout.Token);
        return socket;
    }

    /// <summary>Sends the message and reads the same number of bytes back; returns the elapsed time.</summary>
    public static async Task<TimeSpan> RoundTripAsync(Socket socket, byte[] message, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var started = Stopwatch.GetTimestamp();
        var receive = ReceiveExactlyAsync(socket, message.Length, cts.Token);
        await socket.SendAsync(message, SocketFlags.None, cts.Token);
        var echoed = await receive;
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Equal(message, echoed);
        return elapsed;
    }

    public static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var received = 0;
        while (received < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException($"Connection closed after {received} of {count} bytes.");
            }

            received += read;
        }

        return buffer;
    }

    /// <summary>Reads until the peer ends the connection; returns how it ended (EOF or a socket error).</summary>
    public static async Task<SocketError> ReadUntilClosedAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }

            return SocketError.Success;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode;
        }
    }

    /// <summary>Polls a condition (without sleeping the thread) until it holds or the timeout passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Echo.DisposeAsync();
    }
}
