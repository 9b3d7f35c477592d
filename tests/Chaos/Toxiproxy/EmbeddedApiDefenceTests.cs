using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Convergence.Cluster.Toxiproxy;
using Xunit;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>
/// The embedded API server under abuse: connection floods, slow request heads, busy connections at the cap and
/// file-descriptor exhaustion. It must refuse what it cannot take, say so in one line, and keep answering.
/// </summary>
[Collection(ToxiproxyCollection.Name)]
public sealed class EmbeddedApiDefenceTests
{
    [Fact]
    public async Task A_flood_of_idle_connections_leaves_the_api_answering_version()
    {
        await using var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { MaxApiConnections = 256 });
        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < 3000; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                flood.Add(socket);
                await socket.ConnectAsync(server.EndPoint);
            }

            // While the flood holds its connections open, a real request still gets its answer.
            Assert.StartsWith("HTTP/1.1 200", await RequestAsync(server.EndPoint, "GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            Assert.InRange(server.ApiConnectionCount, 1, 256);
        }
        finally
        {
            foreach (var socket in flood)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_request_head_that_never_completes_is_closed_after_the_request_timeout()
    {
        await using var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { ApiRequestTimeout = TimeSpan.FromMilliseconds(300) });
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await slow.ConnectAsync(server.EndPoint);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await slow.SendAsync("GET /vers"u8.ToArray(), SocketFlags.None);
        var ending = await ProxyHarness.ReadUntilClosedAsync(slow, ProxyHarness.Patience);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.Contains(ending, new[] { SocketError.Success, SocketError.ConnectionReset });
        Assert.InRange(elapsed.TotalMilliseconds, 250, 5000);
    }

    [Fact]
    public async Task At_the_cap_with_every_connection_busy_new_ones_get_503_and_one_log_line()
    {
        var log = new ConcurrentQueue<string>();
        await using var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { MaxApiConnections = 8, Log = log.Enqueue });
        var busy = new List<Socket>();
        try
        {
            // Half a request head each: busy, so not closed to make room.
            for (var i = 0; i < 8; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                busy.Add(socket);
                await socket.ConnectAsync(server.EndPoint);
                await socket.SendAsync("GET /ver"u8.ToArray(), SocketFlags.None);
            }

            Assert.True(await ProxyHarness.EventuallyAsync(() => server.ApiConnectionCount == 8, ProxyHarness.Patience));
            var refused = new[]
            {
                await RequestAsync(server.EndPoint, "GET /version HTTP/1.1\r\nHost: x\r\n\r\n"),
                await RequestAsync(server.EndPoint, "GET /version HTTP/1.1\r\nHost: x\r\n\r\n"),
            };

            Assert.All(refused, answer => Assert.StartsWith("HTTP/1.1 503", answer));
            Assert.Single(log);
        }
        finally
        {
            foreach (var socket in busy)
            {
                socket.Dispose();
            }
        }

        Assert.True(await ProxyHarness.EventuallyAsync(() => server.ApiConnectionCount == 0, ProxyHarness.Patience));
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(server.EndPoint, "GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    }

    [Fact]
    public async Task Running_out_of_file_descriptors_logs_one_line_and_the_api_answers_again_afterwards()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // The limit is lowered through Linux's setrlimit; CI runs on Linux.
        }

        var log = new ConcurrentQueue<string>();
        await using var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { MaxApiConnections = 100_000, Log = log.Enqueue });
        var flood = new List<Socket>();
        try
        {
            using (FileDescriptorLimit.Lower(headroom: 100))
            {
                // The flood's sockets and the server's accepted ones share the process's descriptors: both run out.
                try
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        flood.Add(socket);
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                        await socket.ConnectAsync(server.EndPoint, timeout.Token);
                    }
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    // Out of descriptors, as intended.
                }

                Assert.True(
                    await ProxyHarness.EventuallyAsync(() => log.Any(l => l.Contains("cannot accept", StringComparison.Ordinal)), ProxyHarness.Patience),
                    "the server never reported the accept failure");
            }
        }
        finally
        {
            foreach (var socket in flood)
            {
                socket.Dispose();
            }
        }

        // The accept loop survived: a new request is answered once descriptors are free again.
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(server.EndPoint, "GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        Assert.Single(log, l => l.Contains("cannot accept", StringComparison.Ordinal));
    }

    private static async Task<string> RequestAsync(IPEndPoint endPoint, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ProxyHarness.Patience);
        await socket.ConnectAsync(endPoint, timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
