using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Convergence.Chaos.Tests.Toxiproxy;
using Convergence.Cluster.Toxiproxy;

namespace Convergence.Benchmarks.Proxy;

/// <summary>
/// <c>dotnet run -c Release --project bench -- proxy [URL]</c>: the embedded proxy (or the Toxiproxy at URL) without
/// toxics against a direct loopback connection to the same echo server, in one run: per-hop round-trip p50/p99 for
/// Toxiproxy's 32 KB message, bulk MB/s with 1 and 16 connections, and CPU per GB. Per hop = (proxied − direct) / 2,
/// a round trip crossing the proxy twice. CPU is this process's; with an external proxy its CPU is not seen.
/// </summary>
public static class ProxyMeasurements
{
    private const int RoundTrips = 2000;
    private const long BulkBytes = 512L * 1024 * 1024;
    // Toxiproxy's own test message: "hello world " + 32 KiB of 'a' + newline.
    private static readonly byte[] Message = System.Text.Encoding.ASCII.GetBytes("hello world " + new string('a', 32 * 1024) + "\n");

    public static async Task RunAsync(string[] args)
    {
        await using var echo = EchoServer.Start();
        ToxiproxyServer? embedded = null;
        var baseAddress = args.Length > 1 ? new Uri(args[1]) : (embedded = await ToxiproxyServer.StartAsync()).BaseAddress;
        try
        {
            using var client = new ToxiproxyClient(baseAddress);
            if ((await client.AllAsync()).ContainsKey("bench"))
            {
                await client.DeleteAsync("bench");
            }

            var proxy = await client.AddAsync(new Cluster.Toxiproxy.Proxy { Name = "bench", Listen = "127.0.0.1:0", Upstream = echo.Address });
            var proxied = IPEndPoint.Parse(proxy.Listen);
            Console.WriteLine($"proxy: {(embedded is null ? baseAddress.ToString() : "embedded")}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");

            var direct = await LatenciesAsync(echo.EndPoint);
            var through = await LatenciesAsync(proxied);
            Console.WriteLine($"32 KB round trip, {RoundTrips} each: direct p50 {Percentile(direct, 50):F0} µs p99 {Percentile(direct, 99):F0} µs; " +
                              $"proxied p50 {Percentile(through, 50):F0} µs p99 {Percentile(through, 99):F0} µs");
            Console.WriteLine($"added per hop: p50 {(Percentile(through, 50) - Percentile(direct, 50)) / 2:F0} µs, p99 {(Percentile(through, 99) - Percentile(direct, 99)) / 2:F0} µs");

            foreach (var connections in new[] { 1, 16 })
            {
                var (directRate, directCpu) = await BulkAsync(echo.EndPoint, connections);
                var (proxiedRate, proxiedCpu) = await BulkAsync(proxied, connections);
                Console.WriteLine($"bulk, {connections,2} connection(s), {BulkBytes / (1024 * 1024)} MB echoed: direct {directRate:F0} MB/s ({directCpu:F2} CPU s/GB), " +
                                  $"proxied {proxiedRate:F0} MB/s ({proxiedCpu:F2} CPU s/GB) = {100 * proxiedRate / directRate:F0} % of direct; " +
                                  $"proxy CPU {proxiedCpu - directCpu:F2} s/GB");
            }

            await client.DeleteAsync("bench");
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }
        }
    }

    private static async Task<double[]> LatenciesAsync(IPEndPoint endPoint)
    {
        using var socket = await ConnectAsync(endPoint);
        var times = new double[RoundTrips];
        var echoed = new byte[Message.Length];
        for (var i = -200; i < RoundTrips; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var receiving = ReceiveExactlyAsync(socket, echoed);
            await socket.SendAsync(Message, SocketFlags.None);
            await receiving;
            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }

        Array.Sort(times);
        return times;
    }

    /// <summary>Echoes <see cref="BulkBytes"/> in total over <paramref name="connections"/> connections; MB/s one way and CPU seconds per GB.</summary>
    private static async Task<(double MBps, double CpuSecondsPerGB)> BulkAsync(IPEndPoint endPoint, int connections)
    {
        var sockets = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => ConnectAsync(endPoint)));
        try
        {
            var perConnection = BulkBytes / connections;
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(sockets.Select(s => EchoAsync(s, perConnection)));
            var elapsed = Stopwatch.GetElapsedTime(started);
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var gigabytes = BulkBytes / 1e9;
            return (BulkBytes / 1e6 / elapsed.TotalSeconds, cpu.TotalSeconds / gigabytes);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task EchoAsync(Socket socket, long bytes)
    {
        var block = new byte[64 * 1024];
        var receiveBuffer = new byte[256 * 1024];
        var receiving = Task.Run(async () =>
        {
            var received = 0L;
            while (received < bytes)
            {
                var read = await socket.ReceiveAsync(receiveBuffer, SocketFlags.None);
                if (read == 0)
                {
                    throw new InvalidOperationException("The echo connection closed.");
                }

                received += read;
            }
        });
        for (var sent = 0L; sent < bytes;)
        {
            var chunk = (int)Math.Min(block.Length, bytes - sent);
            sent += await socket.SendAsync(block.AsMemory(0, chunk), SocketFlags.None);
        }

        await receiving;
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        for (var received = 0; received < buffer.Length;)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None);
            received += read > 0 ? read : throw new InvalidOperationException("The echo connection closed.");
        }
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return socket;
    }

    private static double Percentile(double[] sorted, int percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
}
