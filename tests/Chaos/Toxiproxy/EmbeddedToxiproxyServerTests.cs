using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Convergence.Cluster.Toxiproxy;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>
/// What traffic through the embedded server experiences. Lower bounds use Toxiproxy's own figures; upper
/// bounds are generous because the machine is shared (the tight figures live in bench/ProxyBenchmarks).
/// </summary>
[Collection(ToxiproxyCollection.Name)]
public sealed class EmbeddedToxiproxyServerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_proxy_without_toxics_adds_little_latency_per_hop()
    {
        await using var harness = await ProxyHarness.StartAsync();
        using var direct = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await direct.ConnectAsync(harness.Echo.EndPoint);
        using var proxied = await harness.ConnectAsync();

        var directTimes = new List<double>();
        var proxiedTimes = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            directTimes.Add((await ProxyHarness.RoundTripAsync(direct, ProxyHarness.Message, ProxyHarness.Patience)).TotalMicroseconds);
            proxiedTimes.Add((await ProxyHarness.RoundTripAsync(proxied, ProxyHarness.Message, ProxyHarness.Patience)).TotalMicroseconds);
        }

        // A round trip crosses the proxy twice (there and back); skip the warm-up, compare medians.
        var addedPerHopUs = (Median(proxiedTimes.Skip(10)) - Median(directTimes.Skip(10))) / 2;
        output.WriteLine($"direct p50 {Median(directTimes.Skip(10)):F0} µs, proxied p50 {Median(proxiedTimes.Skip(10)):F0} µs, added per hop {addedPerHopUs:F0} µs");
        Assert.True(addedPerHopUs < 20_000, $"added {addedPerHopUs:F0} µs per hop");
    }

    [Fact]
    public async Task Two_stacked_500ms_latency_toxics_delay_a_round_trip_by_1000ms()
    {
        await using var harness = await ProxyHarness.StartAsync();
        await harness.Proxy.AddAsync(new LatencyToxic { Name = "first", LatencyMs = 500 });
        await harness.Proxy.AddAsync(new LatencyToxic { Name = "second", LatencyMs = 500 });
        using var socket = await harness.ConnectAsync();

        var elapsed = await ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, ProxyHarness.Patience);

        output.WriteLine($"round trip {elapsed.TotalMilliseconds:F1} ms");
        Assert.InRange(elapsed.TotalMilliseconds, 1000, 1000 + Generous.TotalMilliseconds);
    }

    [Fact]
    public async Task A_latency_toxic_added_later_applies_to_an_existing_connection()
    {
        await using var harness = await ProxyHarness.StartAsync();
        using var socket = await harness.ConnectAsync();
        await ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, ProxyHarness.Patience);

        await harness.Proxy.AddAsync(new LatencyToxic { LatencyMs = 400 });
        var elapsed = await ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, ProxyHarness.Patience);

        Assert.InRange(elapsed.TotalMilliseconds, 400, 400 + Generous.TotalMilliseconds);
    }

    [Fact]
    public async Task Removing_a_latency_toxic_releases_held_data_at_once()
    {
        await using var harness = await ProxyHarness.StartAsync();
        var toxic = await harness.Proxy.AddAsync(new LatencyToxic { LatencyMs = 60_000 });
        using var socket = await harness.ConnectAsync();

        var roundTrip = ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, TimeSpan.FromSeconds(30));
        await harness.Proxy.RemoveToxicAsync(toxic.Name!);
        var elapsed = await roundTrip;

        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Latency_follows_the_injected_clock_not_the_wall_clock()
    {
        var time = new ManualTimeProvider();
        await using var echo = EchoServer.Start();
        await using var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { TimeProvider = time, Random = new Random(5) });
        using var client = server.CreateClient();
        var proxy = await client.AddAsync(new Proxy { Name = "echo", Upstream = echo.Address });
        await proxy.AddAsync(new LatencyToxic { LatencyMs = (long)TimeSpan.FromMinutes(10).TotalMilliseconds });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPEndPoint.Parse(proxy.Listen));

        var roundTrip = ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, ProxyHarness.Patience);
        // The echo is held once the pump waits on a ten-minute timer of the injected clock.
        Assert.True(
            await ProxyHarness.EventuallyAsync(() => time.PendingTimers().Any(t => t >= TimeSpan.FromMinutes(9)), ProxyHarness.Patience),
            "no ten-minute timer was scheduled");
        Assert.False(roundTrip.IsCompleted);

        time.Advance(TimeSpan.FromMinutes(10));

        await roundTrip;
    }

    [Fact]
    public async Task A_bandwidth_toxic_at_1000KBps_passes_480KB_in_480ms()
    {
        await using var harness = await ProxyHarness.StartAsync();
        await harness.Proxy.AddAsync(new BandwidthToxic { RateKBps = 1000 });
        using var socket = await harness.ConnectAsync();
        var payload = new byte[480_000];
        Random.Shared.NextBytes(payload);

        var elapsed = await ProxyHarness.RoundTripAsync(socket, payload, ProxyHarness.Patience);

        output.WriteLine($"480 KB in {elapsed.TotalMilliseconds:F1} ms");
        Assert.InRange(elapsed.TotalMilliseconds, 470, 480 + Generous.TotalMilliseconds);
    }

    [Fact]
    public async Task A_reset_peer_toxic_resets_the_client_connection()
    {
        await using var harness = await ProxyHarness.StartAsync();
        await harness.Proxy.AddAsync(new ResetPeerToxic { TimeoutMs = 0 });
        using var socket = await harness.ConnectAsync();

        await socket.SendAsync("hello"u8.ToArray(), SocketFlags.None);
        var ending = await ProxyHarness.ReadUntilClosedAsync(socket, ProxyHarness.Patience);

        Assert.Equal(SocketError.ConnectionReset, ending);
    }

    [Fact]
    public async Task Disabling_a_proxy_closes_live_connections_and_refuses_new_ones_until_reenabled()
    {
        await using var harness = await ProxyHarness.StartAsync();
        using var live = await harness.ConnectAsync();
        await ProxyHarness.RoundTripAsync(live, ProxyHarness.Message, ProxyHarness.Patience);
        var listen = harness.Proxy.Listen;

        await harness.Proxy.SetEnabledAsync(false);

        var ending = await ProxyHarness.ReadUntilClosedAsync(live, ProxyHarness.Patience);
        Assert.Contains(ending, new[] { SocketError.Success, SocketError.ConnectionReset });
        var refused = await Assert.ThrowsAsync<SocketException>(harness.ConnectAsync);
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        await harness.Proxy.SetEnabledAsync(true);

        Assert.Equal(listen, harness.Proxy.Listen);
        using var again = await harness.ConnectAsync();
        await ProxyHarness.RoundTripAsync(again, ProxyHarness.Message, ProxyHarness.Patience);
    }

    [Fact]
    public async Task Removing_a_timeout_toxic_closes_the_connection()
    {
        await using var harness = await ProxyHarness.StartAsync();
        var toxic = await harness.Proxy.AddAsync(new TimeoutToxic { TimeoutMs = 0 });
        using var socket = await harness.ConnectAsync();
        await socket.SendAsync("hello"u8.ToArray(), SocketFlags.None);
        var reading = ProxyHarness.ReadUntilClosedAsync(socket, ProxyHarness.Patience);
        Assert.False(await ProxyHarness.EventuallyAsync(() => reading.IsCompleted, TimeSpan.FromMilliseconds(300)), "timeout 0 must hold the connection");

        var started = Stopwatch.GetTimestamp();
        await harness.Proxy.RemoveToxicAsync(toxic.Name!);
        var ending = await reading;

        Assert.Equal(SocketError.Success, ending);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3), "EOF should follow the removal within about a second");
    }

    [Fact]
    public async Task Toxicity_is_rolled_per_connection_from_the_seeded_random()
    {
        // limit_data of 1 byte marks the connections the toxic hit without relying on timing.
        static async Task<List<bool>> AffectedConnectionsAsync(int seed)
        {
            await using var harness = await ProxyHarness.StartAsync(seed);
            await harness.Proxy.AddAsync(new LimitDataToxic { Bytes = 1, Toxicity = 0.5 });
            var affected = new List<bool>();
            for (var i = 0; i < 16; i++)
            {
                using var socket = await harness.ConnectAsync();
                await socket.SendAsync("ping"u8.ToArray(), SocketFlags.None);
                var received = 0;
                var buffer = new byte[16];
                using var timeout = new CancellationTokenSource(ProxyHarness.Patience);
                int read;
                while (received < 4 && (read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                {
                    received += read;
                }

                affected.Add(received < 4);
            }

            return affected;
        }

        var first = await AffectedConnectionsAsync(seed: 7);
        var second = await AffectedConnectionsAsync(seed: 7);

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public async Task An_unreachable_upstream_closes_the_client_at_once()
    {
        await using var server = await ToxiproxyServer.StartAsync();
        using var client = server.CreateClient();
        var unused = new TcpListener(IPAddress.Loopback, 0);
        unused.Start();
        var deadPort = ((IPEndPoint)unused.LocalEndpoint).Port;
        unused.Dispose();
        var proxy = await client.AddAsync(new Proxy { Name = "dead", Upstream = $"127.0.0.1:{deadPort}" });

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPEndPoint.Parse(proxy.Listen));
        var ending = await ProxyHarness.ReadUntilClosedAsync(socket, ProxyHarness.Patience);

        Assert.Contains(ending, new[] { SocketError.Success, SocketError.ConnectionReset });
        Assert.Equal(0, server.OpenConnectionCount);
    }

    [Fact]
    public async Task Thousands_of_connections_opened_and_closed_leave_none_behind()
    {
        await using var harness = await ProxyHarness.StartAsync();
        var ping = "ping"u8.ToArray();
        const int total = 2000;
        const int concurrency = 50;

        for (var batch = 0; batch < total / concurrency; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                using var socket = await harness.ConnectAsync();
                await ProxyHarness.RoundTripAsync(socket, ping, ProxyHarness.Patience);
                socket.Shutdown(SocketShutdown.Both);
            }));
        }

        Assert.True(
            await ProxyHarness.EventuallyAsync(() => harness.Server.OpenConnectionCount == 0 && harness.Echo.OpenConnectionCount == 0, ProxyHarness.Patience),
            $"still open: proxy {harness.Server.OpenConnectionCount}, echo {harness.Echo.OpenConnectionCount}");
    }

    [Fact]
    public async Task Adding_and_removing_toxics_under_traffic_never_blocks_the_api()
    {
        await using var harness = await ProxyHarness.StartAsync();
        using var stop = new CancellationTokenSource();
        var traffic = Enumerable.Range(0, 4).Select(async seed =>
        {
            using var socket = await harness.ConnectAsync();
            // Random bytes, so the echo comparison also catches reordered or lost chunks while toxics churn.
            var payload = new byte[256 * 1024];
            new Random(seed).NextBytes(payload);
            while (!stop.IsCancellationRequested)
            {
                await ProxyHarness.RoundTripAsync(socket, payload, TimeSpan.FromSeconds(60));
            }
        }).ToList();

        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await harness.Proxy.AddAsync(new LatencyToxic { Name = "lag", LatencyMs = 200, JitterMs = 50 });
            await harness.Proxy.AddAsync(new BandwidthToxic { Name = "slow", RateKBps = 100 });
            await harness.Proxy.AddAsync(new SlicerToxic { Name = "slices", AverageSize = 100, DelayMicroseconds = 10 });
            await harness.Proxy.RemoveToxicAsync("slow");
            await harness.Proxy.RemoveToxicAsync("lag");
            await harness.Proxy.RemoveToxicAsync("slices");
            var elapsed = Stopwatch.GetElapsedTime(started);
            slowest = elapsed > slowest ? elapsed : slowest;
        }

        await stop.CancelAsync();
        await Task.WhenAll(traffic).WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"slowest add/remove cycle (6 calls): {slowest.TotalMilliseconds:F1} ms");
        Assert.True(slowest < TimeSpan.FromSeconds(3), $"an add/remove cycle took {slowest.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Toggling_toxics_mid_stream_keeps_every_byte_in_order()
    {
        // Each toggle moves the pumps between the direct path (no toxics) and the queued one.
        await using var harness = await ProxyHarness.StartAsync();
        using var socket = await harness.ConnectAsync();
        var stream = new byte[8 * 1024 * 1024];
        new Random(99).NextBytes(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var receiving = ProxyHarness.ReceiveExactlyAsync(socket, stream.Length, timeout.Token);
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < stream.Length; offset += 16 * 1024)
            {
                await socket.SendAsync(stream.AsMemory(offset, 16 * 1024), SocketFlags.None, timeout.Token);
            }
        });
        var toggles = 0;
        while (!receiving.IsCompleted && toggles < 400)
        {
            var direction = toggles % 2 == 0 ? ToxicDirection.DownStream : ToxicDirection.UpStream;
            await harness.Proxy.AddAsync(new NoopToxic { Name = "toggle", Stream = direction });
            await harness.Proxy.RemoveToxicAsync("toggle");
            toggles++;
        }

        await sending;
        var echoed = await receiving;
        output.WriteLine($"{toggles} toggles while 8 MB went through");
        Assert.True(stream.AsSpan().SequenceEqual(echoed), "the echoed stream differs from the sent one");
    }

    [Fact]
    public async Task Disposing_the_server_closes_every_listener_and_connection()
    {
        var harness = await ProxyHarness.StartAsync();
        await using var echo = harness.Echo;
        var apiEndPoint = harness.Server.EndPoint;
        var proxyEndPoint = harness.ProxyEndPoint;
        using var live = await harness.ConnectAsync();
        await ProxyHarness.RoundTripAsync(live, ProxyHarness.Message, ProxyHarness.Patience);

        harness.Client.Dispose();
        await harness.Server.DisposeAsync();

        var ending = await ProxyHarness.ReadUntilClosedAsync(live, ProxyHarness.Patience);
        Assert.Contains(ending, new[] { SocketError.Success, SocketError.ConnectionReset });
        Assert.Equal(0, harness.Server.OpenConnectionCount);
        foreach (var endPoint in new[] { apiEndPoint, proxyEndPoint })
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(endPoint));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
    }

    [Fact]
    public async Task RunAsync_serves_until_its_token_is_cancelled()
    {
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = ToxiproxyServer.RunAsync(new ToxiproxyServerOptions { Host = "127.0.0.1", Port = 0 }, started.SetResult, stop.Token);
        var baseAddress = await started.Task.WaitAsync(ProxyHarness.Patience);
        using (var client = new ToxiproxyClient(baseAddress))
        {
            Assert.Equal("2.12.0", await client.VersionAsync());
        }

        await stop.CancelAsync();
        await running.WaitAsync(ProxyHarness.Patience);

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, baseAddress.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
