using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Convergence.Cluster.Toxiproxy;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.Toxiproxy.Conformance;

/// <summary>
/// What a Toxiproxy 2.12 client observes, run against the embedded server and, with <c>TOXIPROXY_URL</c>, against
/// a real Toxiproxy: status codes, bodies, routing, populate and reset, port conflicts, every toxic's effect on an
/// echo round trip, half-close and the first connection's cost. Lower time bounds are the toxics' own figures;
/// upper bounds are generous, except bandwidth (±5 %).
/// </summary>
[Collection(ToxiproxyCollection.Name)]
[Trait("Category", "ToxiproxyConformance")]
public sealed class ToxiproxyConformanceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(2);

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Version_answers_json_with_the_version(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);

        using var response = await target.Http.GetAsync("version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("^\\{\"version\": \"2\\.[0-9]+\\.[0-9]+\"\\}\n$", await response.Content.ReadAsStringAsync());
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Creating_a_proxy_answers_201_with_the_bound_address_and_a_second_is_409(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);

        using var created = await PostAsync(target, "proxies", $"{{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"{target.Echo.Address}\"}}");
        using var again = await PostAsync(target, "proxies", $"{{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"{target.Echo.Address}\"}}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal("p", body.RootElement.GetProperty("name").GetString());
        Assert.Matches("^127\\.0\\.0\\.1:[1-9][0-9]*$", body.RootElement.GetProperty("listen").GetString());
        Assert.True(body.RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, body.RootElement.GetProperty("toxics").GetArrayLength());
        await AssertErrorAsync(again, 409, "proxy already exists");
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Missing_fields_and_unknown_names_are_refused_with_toxiproxys_messages(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        await target.AddEchoProxyAsync("p");

        await AssertErrorAsync(await PostAsync(target, "proxies", "{\"upstream\":\"127.0.0.1:1\"}"), 400, "missing required field: name");
        await AssertErrorAsync(await PostAsync(target, "proxies", "{\"name\":\"q\"}"), 400, "missing required field: upstream");
        await AssertErrorAsync(await PostAsync(target, "proxies", ""), 400, "bad request body: EOF");
        await AssertErrorAsync(await target.Http.GetAsync("proxies/missing"), 404, "proxy not found");
        await AssertErrorAsync(await target.Http.GetAsync("proxies/p/toxics/missing"), 404, "toxic not found");
        await AssertErrorAsync(await PostAsync(target, "proxies/p/toxics", "{\"type\":\"nope\"}"), 400, "invalid toxic type");
        await AssertErrorAsync(await PostAsync(target, "proxies/p/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400, "stream was invalid, can be either upstream or downstream");
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Json_after_the_first_value_is_ignored_as_gos_decoder_does(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);

        using var created = await PostAsync(target, "proxies", "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"} trailing {");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Toxics_are_listed_upstream_first_then_downstream(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new LatencyToxic { Name = "down1", LatencyMs = 1 });
        await proxy.AddAsync(new LatencyToxic { Name = "up1", LatencyMs = 1, Stream = ToxicDirection.UpStream });
        await proxy.AddAsync(new LatencyToxic { Name = "down2", LatencyMs = 1 });
        await proxy.AddAsync(new LatencyToxic { Name = "up2", LatencyMs = 1, Stream = ToxicDirection.UpStream });

        var names = (await proxy.GetAllToxicsAsync()).Select(t => t.Name);

        Assert.Equal(["up1", "up2", "down1", "down2"], names);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task A_patch_changes_only_the_fields_it_names(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync("p");

        using var request = new HttpRequestMessage(HttpMethod.Patch, "proxies/p") { Content = Json("{\"enabled\":false}") };
        using var response = await target.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await target.Client.FindProxyAsync("p");
        Assert.Equal((proxy.Listen, target.Echo.Address, false), (after.Listen, after.Upstream, after.Enabled));
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task A_second_proxy_on_a_busy_port_is_refused_and_the_first_keeps_every_connection(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var first = await target.AddEchoProxyAsync("first");

        using var second = await PostAsync(target, "proxies", $"{{\"name\":\"second\",\"listen\":\"{first.Listen}\",\"upstream\":\"127.0.0.1:1\"}}");

        await AssertErrorAsync(second, 500, $"listen tcp {first.Listen}: bind: address already in use");
        Assert.False((await target.Client.AllAsync()).ContainsKey("second"));
        // Every connection reaches the echo through the one proxy (with a shared port, about half went elsewhere).
        for (var i = 0; i < 10; i++)
        {
            using var socket = await ToxiproxyTarget.ConnectAsync(first);
            await ProxyHarness.RoundTripAsync(socket, "ping"u8.ToArray(), ProxyHarness.Patience);
        }
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Populate_answers_the_proxies_and_an_empty_list_as_null(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);

        using var created = await PostAsync(target, "populate",
            $"[{{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"{target.Echo.Address}\"}},{{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:2\",\"enabled\":false}}]");
        using var empty = await PostAsync(target, "populate", "[]");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal(["a", "b"], body.RootElement.GetProperty("proxies").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.Created, empty.StatusCode);
        Assert.Equal("{\"proxies\":null}", await empty.Content.ReadAsStringAsync());
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Populate_names_the_entry_missing_a_field_and_creates_nothing(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);

        using var response = await PostAsync(target, "populate", "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"},{\"name\":\"b\"}]");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"error\":\"missing required field: upstream at proxy 2\",\"status\":400,\"proxies\":null}", await response.Content.ReadAsStringAsync());
        Assert.Empty(await target.Client.AllAsync());
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task A_populate_entry_that_cannot_bind_leaves_nothing_behind_and_reset_still_works(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var occupant = await target.AddEchoProxyAsync("occupant");

        using var response = await PostAsync(target, "populate",
            $"[{{\"name\":\"fine\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"{target.Echo.Address}\"}},{{\"name\":\"clash\",\"listen\":\"{occupant.Listen}\",\"upstream\":\"127.0.0.1:1\"}}]");
        using var reset = await target.Http.PostAsync("reset", null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"listen tcp {occupant.Listen}: bind: address already in use", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(["fine"], body.RootElement.GetProperty("proxies").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["fine", "occupant"], (await target.Client.AllAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Populate_keeps_an_unchanged_proxy_with_its_toxics_and_replaces_a_changed_one(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var kept = await target.AddEchoProxyAsync("kept");
        var replaced = await target.AddEchoProxyAsync("replaced");
        await kept.AddAsync(new LatencyToxic { Name = "lag", LatencyMs = 5 });
        await replaced.AddAsync(new LatencyToxic { Name = "lag", LatencyMs = 5 });

        using var response = await PostAsync(target, "populate",
            $"[{{\"name\":\"kept\",\"listen\":\"{kept.Listen}\",\"upstream\":\"{target.Echo.Address}\",\"enabled\":false}}," +
            $"{{\"name\":\"replaced\",\"listen\":\"{replaced.Listen}\",\"upstream\":\"127.0.0.1:1\"}}]");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var after = await target.Client.AllAsync();
        // Unchanged: enabled:false is ignored and the toxic stays. Changed upstream: a new proxy without toxics.
        Assert.True(after["kept"].Enabled);
        Assert.Single(after["kept"].Toxics);
        Assert.Equal("127.0.0.1:1", after["replaced"].Upstream);
        Assert.Empty(after["replaced"].Toxics);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Reset_enables_every_proxy_and_removes_every_toxic(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new LatencyToxic { LatencyMs = 10 });
        await proxy.SetEnabledAsync(false);

        await target.Client.ResetAsync();

        var after = await target.Client.FindProxyAsync(proxy.Name);
        Assert.True(after.Enabled);
        Assert.Empty(after.Toxics);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Routing_matches_gorilla_mux(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        await target.AddEchoProxyAsync("a");

        Assert.StartsWith("HTTP/1.1 404", await target.RawAsync("GET /proxies/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 404", await target.RawAsync("GET /version/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 404", await target.RawAsync("GET /proxies/a%2Fb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        var redirect = await target.RawAsync("GET //version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 301", redirect);
        Assert.Contains("\r\nLocation: /version\r\n", redirect);
        var wrongMethod = await target.RawAsync("DELETE /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405", wrongMethod);
        Assert.EndsWith("\r\n\r\n", wrongMethod);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Browsers_are_refused_on_known_routes_only(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);

        var known = await target.RawAsync("GET /proxies HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0\r\nConnection: close\r\n\r\n");
        var unknown = await target.RawAsync("GET /nothing HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403", known);
        Assert.EndsWith("User agent not allowed\n", known);
        Assert.StartsWith("HTTP/1.1 404", unknown);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Http10_is_answered_in_http10_and_http11_without_host_is_400(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);

        var http10 = await target.RawAsync("GET /version HTTP/1.0\r\n\r\n");
        var noHost = await target.RawAsync("GET /version HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.0 200", http10);
        Assert.StartsWith("HTTP/1.1 400", noHost);
        Assert.Contains("missing required Host header", noHost);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Without_toxics_bytes_pass_unchanged(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);

        await ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, ProxyHarness.Patience);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Latency_delays_a_round_trip_by_at_least_its_value(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new LatencyToxic { LatencyMs = 300 });
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);

        var elapsed = await ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, ProxyHarness.Patience);

        Assert.InRange(elapsed.TotalMilliseconds, 300, 300 + Generous.TotalMilliseconds);
    }

    [Theory]
    [EmbeddedTarget, ExternalTarget]
    public async Task Bandwidth_holds_within_5_percent_at_10_100_and_1000_KBps(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        var toxic = await proxy.AddAsync(new BandwidthToxic { Name = "bw", RateKBps = 10 });
        foreach (var rateKBps in new[] { 10L, 100L, 1000L })
        {
            toxic.RateKBps = rateKBps;
            await proxy.UpdateToxicAsync(toxic);
            // Two seconds of data at each rate (20 KB, 200 KB, 2 MB). Never faster than 5 % under the rate; a shared
            // machine can only make a transfer slower, so an attempt over 5 % is retried once before it counts.
            var payload = new byte[rateKBps * 2000];
            new Random((int)rateKBps).NextBytes(payload);
            var fastest = double.MaxValue;
            for (var attempt = 0; attempt < 2 && fastest > 2100; attempt++)
            {
                using var socket = await ToxiproxyTarget.ConnectAsync(proxy);
                // One byte first, so first-use costs in this process (echo, helpers) fall outside the measured transfer.
                await ProxyHarness.RoundTripAsync(socket, [42], ProxyHarness.Patience);
                var elapsed = await ProxyHarness.RoundTripAsync(socket, payload, TimeSpan.FromSeconds(20));
                output.WriteLine($"{rateKBps} KB/s: {payload.Length} B in {elapsed.TotalMilliseconds:F1} ms");
                Assert.True(elapsed.TotalMilliseconds >= 1900, $"{rateKBps} KB/s: {payload.Length} B in {elapsed.TotalMilliseconds:F1} ms is faster than the rate");
                fastest = Math.Min(fastest, elapsed.TotalMilliseconds);
            }

            Assert.InRange(fastest, 1900, 2100);
        }
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Timeout_drops_data_and_closes_after_its_timeout(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new TimeoutToxic { TimeoutMs = 300 });
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);

        var started = Stopwatch.GetTimestamp();
        await socket.SendAsync("hello"u8.ToArray(), SocketFlags.None);
        var (received, ending) = await ReadAllAsync(socket);

        Assert.Equal(0, received);
        Assert.Equal(SocketError.Success, ending);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(250));
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Reset_peer_resets_the_client_after_its_timeout(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new ResetPeerToxic { TimeoutMs = 200 });
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);

        var started = Stopwatch.GetTimestamp();
        await socket.SendAsync("hello"u8.ToArray(), SocketFlags.None);
        var ending = await ProxyHarness.ReadUntilClosedAsync(socket, ProxyHarness.Patience);

        Assert.Equal(SocketError.ConnectionReset, ending);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(200));
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Limit_data_closes_after_its_bytes(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new LimitDataToxic { Bytes = 1000 });
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);

        await socket.SendAsync(ProxyHarness.Message, SocketFlags.None);
        var (received, _) = await ReadAllAsync(socket);

        Assert.Equal(1000, received);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Slicer_delivers_every_byte_in_order(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new SlicerToxic { AverageSize = 1000, SizeVariation = 500, DelayMicroseconds = 100 });
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);

        await ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, ProxyHarness.Patience);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Slow_close_delays_the_close(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new SlowCloseToxic { DelayMs = 300 });
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);
        await ProxyHarness.RoundTripAsync(socket, "ping"u8.ToArray(), ProxyHarness.Patience);

        var started = Stopwatch.GetTimestamp();
        socket.Shutdown(SocketShutdown.Send);
        var ending = await ProxyHarness.ReadUntilClosedAsync(socket, ProxyHarness.Patience);

        Assert.Equal(SocketError.Success, ending);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(300));
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task Toxicity_zero_never_affects_traffic(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        await proxy.AddAsync(new TimeoutToxic { TimeoutMs = 0, Toxicity = 0 });
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);

        await ProxyHarness.RoundTripAsync(socket, ProxyHarness.Message, ProxyHarness.Patience);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task A_disabled_proxy_refuses_connections_until_enabled_again_on_the_same_port(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        var listen = proxy.Listen;

        await proxy.SetEnabledAsync(false);
        var refused = await Assert.ThrowsAsync<SocketException>(() => ToxiproxyTarget.ConnectAsync(proxy));
        await proxy.SetEnabledAsync(true);

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal(listen, proxy.Listen);
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);
        await ProxyHarness.RoundTripAsync(socket, "ping"u8.ToArray(), ProxyHarness.Patience);
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task A_client_half_close_closes_both_directions(ToxiproxyTargetKind kind)
    {
        // The upstream answers only after it reads end of stream, as an HTTP/1.0-style server would.
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var answering = Task.Run(async () =>
        {
            using var peer = await upstream.AcceptSocketAsync();
            var buffer = new byte[1024];
            while (await peer.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }

            try
            {
                await peer.SendAsync("late answer"u8.ToArray(), SocketFlags.None);
            }
            catch (SocketException)
            {
                // The proxy closed this side already: the answer cannot go anywhere.
            }
        });
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.Client.AddAsync(new Proxy { Name = "half", Listen = "127.0.0.1:0", Upstream = $"127.0.0.1:{((IPEndPoint)upstream.LocalEndpoint).Port}" });
        using var socket = await ToxiproxyTarget.ConnectAsync(proxy);

        await socket.SendAsync("question"u8.ToArray(), SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);
        var (received, ending) = await ReadAllAsync(socket);
        await answering.WaitAsync(ProxyHarness.Patience);

        Assert.Equal(0, received);
        Assert.Contains(ending, new[] { SocketError.Success, SocketError.ConnectionReset });
    }

    [Theory, EmbeddedTarget, ExternalTarget]
    public async Task The_first_proxied_connection_costs_at_most_three_times_the_median_of_the_next_ten(ToxiproxyTargetKind kind)
    {
        await using var target = await ToxiproxyTarget.StartAsync(kind);
        var proxy = await target.AddEchoProxyAsync();
        async Task RoundTripAsync(IPEndPoint endPoint)
        {
            using var socket = await ToxiproxyTarget.ConnectAsync(endPoint);
            await ProxyHarness.RoundTripAsync(socket, new byte[1024], ProxyHarness.Patience);
        }

        // The client and the echo run in this process: warm them up directly, so only the proxy's first time is measured.
        for (var i = 0; i < 3; i++)
        {
            await ToxiproxyTarget.TimeAsync(() => RoundTripAsync(IPEndPoint.Parse(target.Echo.Address)));
        }

        var times = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            times.Add((await ToxiproxyTarget.TimeAsync(() => RoundTripAsync(IPEndPoint.Parse(proxy.Listen)))).TotalMilliseconds);
        }

        var median = times.Skip(1).Order().ElementAt(5);
        output.WriteLine($"first {times[0]:F2} ms, median of the next ten {median:F2} ms");
        Assert.True(times[0] <= 3 * median, $"first connection {times[0]:F2} ms, median of the next ten {median:F2} ms");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> PostAsync(ToxiproxyTarget target, string path, string body) => target.Http.PostAsync(path, Json(body));

    private static async Task<(int Received, SocketError Ending)> ReadAllAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(ProxyHarness.Patience);
        var buffer = new byte[64 * 1024];
        var received = 0;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received += read;
            }

            return (received, SocketError.Success);
        }
        catch (SocketException ex)
        {
            return (received, ex.SocketErrorCode);
        }
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string message)
    {
        using (response)
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"{{\"error\":\"{message}\",\"status\":{status}}}\n", await response.Content.ReadAsStringAsync());
        }
    }
}
