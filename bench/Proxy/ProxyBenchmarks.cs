using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Convergence.Cluster.Toxiproxy;

namespace Convergence.Benchmarks.Proxy;

/// <summary>
/// The embedded Toxiproxy server without toxics against a direct loopback connection, with Toxiproxy's
/// own 32 KB echo message. Targets: ≥ 50% of direct throughput; &lt; 300 µs p50 added per hop, where a
/// round trip crosses the proxy twice, so added per hop = (proxied − direct) / 2.
/// </summary>
[Config(typeof(Columns))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ProxyBenchmarks
{
    /// <summary>Messages in flight per pipelined operation (the throughput benchmarks).</summary>
    public const int PipelinedMessages = 64;

    private static readonly byte[] Message = Encoding.ASCII.GetBytes("hello world " + new string('a', 32 * 1024) + "\n");

    private readonly byte[] receiveBuffer = new byte[Message.Length * PipelinedMessages];
    private Convergence.Chaos.Tests.Toxiproxy.EchoServer echo = null!;
    private ToxiproxyServer server = null!;
    private Socket direct = null!;
    private Socket proxied = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        echo = Convergence.Chaos.Tests.Toxiproxy.EchoServer.Start();
        server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { Random = new Random(42) });
        using var client = server.CreateClient();
        var proxy = await client.AddAsync(new Cluster.Toxiproxy.Proxy { Name = "bench", Upstream = $"127.0.0.1:{echo.EndPoint.Port}" });
        direct = await ConnectAsync(echo.EndPoint);
        proxied = await ConnectAsync(IPEndPoint.Parse(proxy.Listen));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        direct.Dispose();
        proxied.Dispose();
        await server.DisposeAsync();
        await echo.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Direct 32KB round trip")]
    [BenchmarkCategory("Latency")]
    public Task DirectRoundTrip() => RoundTripAsync(direct, 1);

    [Benchmark(Description = "Proxied 32KB round trip")]
    [BenchmarkCategory("Latency")]
    public Task ProxiedRoundTrip() => RoundTripAsync(proxied, 1);

    [Benchmark(Baseline = true, Description = "Direct 64x32KB pipelined", OperationsPerInvoke = PipelinedMessages)]
    [BenchmarkCategory("Throughput")]
    public Task DirectThroughput() => RoundTripAsync(direct, PipelinedMessages);

    [Benchmark(Description = "Proxied 64x32KB pipelined", OperationsPerInvoke = PipelinedMessages)]
    [BenchmarkCategory("Throughput")]
    public Task ProxiedThroughput() => RoundTripAsync(proxied, PipelinedMessages);

    private static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return socket;
    }

    /// <summary>Sends <paramref name="messages"/> messages while reading their echo concurrently.</summary>
    private async Task RoundTripAsync(Socket socket, int messages)
    {
        var expected = Message.Length * messages;
        var receiving = ReceiveAsync(socket, expected);
        for (var i = 0; i < messages; i++)
        {
            var pending = Message.AsMemory();
            while (!pending.IsEmpty)
            {
                pending = pending[await socket.SendAsync(pending, SocketFlags.None)..];
            }
        }

        await receiving;
    }

    private async Task ReceiveAsync(Socket socket, int expected)
    {
        var received = 0;
        while (received < expected)
        {
            var read = await socket.ReceiveAsync(receiveBuffer.AsMemory(received, expected - received), SocketFlags.None);
            if (read == 0)
            {
                throw new InvalidOperationException("The echo connection closed.");
            }

            received += read;
        }
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }
}
