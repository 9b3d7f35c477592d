using System.Net;
using Convergence.Cluster.Toxiproxy;
using Xunit;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>The typed client against the embedded server: every call and every toxic type, there and back.</summary>
[Collection(ToxiproxyCollection.Name)]
public sealed class ToxiproxyClientTests : IAsyncLifetime
{
    private ToxiproxyServer server = null!;
    private ToxiproxyClient client = null!;

    public async Task InitializeAsync()
    {
        server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { Random = new Random(3) });
        client = server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    public static TheoryData<Toxic> EveryToxicType() =>
    [
        new LatencyToxic { Name = "latency", LatencyMs = 120, JitterMs = 7, Stream = ToxicDirection.UpStream, Toxicity = 0.75 },
        new BandwidthToxic { Name = "bandwidth", RateKBps = 250 },
        new TimeoutToxic { Name = "timeout", TimeoutMs = 1500 },
        new ResetPeerToxic { Name = "reset", TimeoutMs = 20, Stream = ToxicDirection.UpStream },
        new SlowCloseToxic { Name = "slow_close", DelayMs = 90 },
        new SlicerToxic { Name = "slicer", AverageSize = 64, SizeVariation = 16, DelayMicroseconds = 250 },
        new LimitDataToxic { Name = "limit", Bytes = 4096 },
        new NoopToxic { Name = "noop", Toxicity = 0 },
    ];

    [Theory]
    [MemberData(nameof(EveryToxicType))]
    public async Task Every_toxic_type_round_trips_through_add_get_list_update_and_remove(Toxic toxic)
    {
        var proxy = await client.AddAsync(new Proxy { Name = "p", Upstream = "127.0.0.1:1" });

        var added = await proxy.AddAsync(toxic);
        var fetched = await proxy.GetToxicAsync(toxic.Name!);
        var listed = Assert.Single(await proxy.GetAllToxicsAsync());
        var inProxy = Assert.Single((await client.FindProxyAsync("p")).Toxics);

        foreach (var copy in new[] { added, fetched, listed, inProxy })
        {
            Assert.Equal(Describe(toxic), Describe(copy));
        }

        added.Toxicity = 0.5;
        var updated = await proxy.UpdateToxicAsync(added);
        Assert.Equal(0.5, updated.Toxicity);
        Assert.Equal(toxic.Stream, updated.Stream);

        await proxy.RemoveToxicAsync(toxic.Name!);
        Assert.Empty(await proxy.GetAllToxicsAsync());
    }

    [Fact]
    public async Task Updating_a_toxic_sends_its_new_attributes()
    {
        var proxy = await client.AddAsync(new Proxy { Name = "p", Upstream = "127.0.0.1:1" });
        var toxic = await proxy.AddAsync(new LatencyToxic { LatencyMs = 100 });

        toxic.LatencyMs = 250;
        toxic.JitterMs = 25;
        await proxy.UpdateToxicAsync(toxic);

        var fetched = Assert.IsType<LatencyToxic>(await proxy.GetToxicAsync("latency_downstream"));
        Assert.Equal((250L, 25L), (fetched.LatencyMs, fetched.JitterMs));
    }

    [Fact]
    public async Task Proxies_are_listed_found_updated_and_deleted()
    {
        var added = await client.AddAsync(new Proxy { Name = "eu->us", Upstream = "127.0.0.1:1" });
        Assert.NotEqual("127.0.0.1:0", added.Listen);

        var all = await client.AllAsync();
        Assert.Equal(added.Listen, all["eu->us"].Listen);

        added.Upstream = "127.0.0.1:2";
        added.Enabled = false;
        await added.UpdateAsync();
        var found = await client.FindProxyAsync("eu->us");
        Assert.Equal(("127.0.0.1:2", false), (found.Upstream, found.Enabled));

        await found.DeleteAsync();
        var missing = await Assert.ThrowsAsync<ToxiproxyException>(() => client.FindProxyAsync("eu->us"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("proxy not found", missing.ErrorMessage);
    }

    [Fact]
    public async Task Api_errors_surface_as_typed_exceptions_with_status_and_message()
    {
        var proxy = await client.AddAsync(new Proxy { Name = "p", Upstream = "127.0.0.1:1" });

        var conflict = await Assert.ThrowsAsync<ToxiproxyException>(() => client.AddAsync(new Proxy { Name = "p", Upstream = "127.0.0.1:1" }));
        var badRate = await Assert.ThrowsAsync<ToxiproxyException>(() => proxy.AddAsync(new BandwidthToxic { RateKBps = 0 }));
        var noToxic = await Assert.ThrowsAsync<ToxiproxyException>(() => proxy.RemoveToxicAsync("nothing"));

        Assert.Equal((HttpStatusCode.Conflict, "proxy already exists"), (conflict.StatusCode, conflict.ErrorMessage));
        Assert.Equal(HttpStatusCode.BadRequest, badRate.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "toxic not found"), (noToxic.StatusCode, noToxic.ErrorMessage));
    }

    [Fact]
    public async Task Reset_enables_every_proxy_and_removes_every_toxic()
    {
        var proxy = await client.AddAsync(new Proxy { Name = "p", Upstream = "127.0.0.1:1" });
        await proxy.AddAsync(new LatencyToxic { LatencyMs = 10 });
        await proxy.SetEnabledAsync(false);

        await client.ResetAsync();

        var after = await client.FindProxyAsync("p");
        Assert.True(after.Enabled);
        Assert.Empty(after.Toxics);
    }

    [Fact]
    public async Task Populate_creates_several_proxies_at_once()
    {
        var populated = await client.PopulateAsync(
        [
            new Proxy { Name = "a", Upstream = "127.0.0.1:1" },
            new Proxy { Name = "b", Upstream = "127.0.0.1:2", Enabled = false },
        ]);

        Assert.Equal(["a", "b"], populated.Select(p => p.Name));
        Assert.Equal(2, (await client.AllAsync()).Count);
    }

    [Fact]
    public async Task Version_reports_the_toxiproxy_version()
    {
        Assert.Equal("2.12.0", await client.VersionAsync());
    }

    [Fact]
    public async Task Every_call_honours_its_cancellation_token()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.VersionAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.AllAsync(cancelled.Token));
    }

    private static string Describe(Toxic toxic) => toxic switch
    {
        LatencyToxic t => $"{Common(t)} {t.LatencyMs} {t.JitterMs}",
        BandwidthToxic t => $"{Common(t)} {t.RateKBps}",
        TimeoutToxic t => $"{Common(t)} {t.TimeoutMs}",
        ResetPeerToxic t => $"{Common(t)} {t.TimeoutMs}",
        SlowCloseToxic t => $"{Common(t)} {t.DelayMs}",
        SlicerToxic t => $"{Common(t)} {t.AverageSize} {t.SizeVariation} {t.DelayMicroseconds}",
        LimitDataToxic t => $"{Common(t)} {t.Bytes}",
        _ => Common(toxic),
    };

    private static string Common(Toxic toxic) => $"{toxic.GetType().Name} {toxic.Name} {toxic.Type} {toxic.Stream} {toxic.Toxicity}";
}
