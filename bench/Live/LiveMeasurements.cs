using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Convergence.Cluster.Live;
using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;

namespace Convergence.Benchmarks.Live;

/// <summary>
/// Wall-clock measurements of the live engine on real pouchdb-servers (BenchmarkDotNet's repeated invocations do not
/// fit runs of many seconds): append throughput, replication lag with and without proxies, and the time from a heal
/// to the first replicated document per fault mode. Run with <c>dotnet run -c Release --project bench -- live</c>.
/// Three servers at most at any time; each part starts and stops its own cluster.
/// </summary>
public static class LiveMeasurements
{
    private static readonly IReadOnlyList<RegionId> Regions = RegionNames.First(3);
    private static readonly DomainCatalog Catalog = DomainCatalog.SocialNetwork();

    public static async Task RunAsync(string[] args)
    {
        var root = Path.Combine(Path.GetTempPath(), "convergence-bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        // live [throughput] [lag] [heal] [--rate N] [--seconds S]: the parts named (all when none), lag at N events/s per region for S seconds.
        var parts = args.Skip(1).Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && !args[i].StartsWith("--", StringComparison.Ordinal)).ToHashSet();
        var rate = Option(args, "--rate", 10);
        var lagSeconds = Option(args, "--seconds", 20);
        var onlyLoad = parts.SetEquals(["load"]);
        bool Wants(string part) => !onlyLoad && (parts.Count == 0 || parts.Contains(part));
        Console.WriteLine($"live measurements, run folders under {root}; {Environment.ProcessorCount} cores; load average {LoadMeasurements.LoadAverage()}");
        if (parts.Contains("load"))
        {
            // Minutes per rate: only when asked for by name.
            await LoadMeasurements.RunAsync(args, root);
        }

        if (Wants("throughput"))
        {
            await BareServerAsync(Path.Combine(root, "bare"));
            await ThroughputAsync(Path.Combine(root, "throughput"));
        }
        if (Wants("lag"))
        {
            await LagAsync(Path.Combine(root, "lag-proxied"), throughProxies: true, rate, lagSeconds);
            await LagAsync(Path.Combine(root, "lag-direct"), throughProxies: false, rate, lagSeconds);
        }
        if (Wants("heal")) foreach (var mode in new[] { "disabled", "blackhole", "reset_peer" }) await HealAsync(Path.Combine(root, "heal-" + mode), mode);
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The same single PUTs against one server with no replication, projector or supervisor: the baseline.</summary>
    private static async Task BareServerAsync(string folder)
    {
        await using var replicas = await new Cluster.Replicas.EmbeddedReplicaProvider(new Cluster.Replicas.EmbeddedReplicaOptions(folder)).StartAsync(["eu"]);
        using var client = Cluster.Replicas.ReplicaServerExtensions.CreateClient(replicas[0]);
        var database = client.GetDatabase(replicas[0].DatabaseName);
        var codec = new EventCodec(Catalog);
        var pid = ((Cluster.Replicas.ILaunchedReplicaServer)replicas[0]).ProcessId!.Value;
        var cpuBefore = LoadMeasurements.ProcessCpuSeconds(pid);
        var watch = Stopwatch.StartNew();
        var puts = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            var envelope = new EventEnvelope(new EventId($"bare-{puts}"), Regions[0], new Domain.Clock.HybridTimestamp(puts, 0), DateTimeOffset.UtcNow,
                new UserRegistered(new UserId($"u-bare-{puts}"), $"bare{puts}@example.com", "Ann"));
            await database.PutDocumentAsync(envelope.Id.Value, codec.EncodeToUtf8(envelope));
            puts++;
        }
        var cpu = LoadMeasurements.ProcessCpuSeconds(pid) - cpuBefore;
        Console.WriteLine($"appends, one client, one bare server (no replication): single PUT {puts / watch.Elapsed.TotalSeconds:0} docs/s ({puts} in 5 s); " +
                          $"server CPU {cpu:0.0} s = {cpu * 1000 / Math.Max(1, puts):0.00} ms per PUT; load average {LoadMeasurements.LoadAverage()}");
    }

    /// <summary>Appends from one region as fast as one client can, replications running: single PUTs, then _bulk_docs of 100.</summary>
    private static async Task ThroughputAsync(string folder)
    {
        var scenario = Scenario.Create("throughput", 1, Regions, Topology.Mesh, WorkloadOptions.AtRate(0), [], TimeSpan.FromSeconds(1));
        var recorder = new RunRecorder(scenario, Catalog, "live");
        await using var cluster = new LiveCluster(new LiveClusterOptions(folder));
        await cluster.StartAsync(scenario, recorder, CancellationToken.None);

        var pids = cluster.ProcessIds.Order().ToArray();
        var cpuBefore = pids.Select(LoadMeasurements.ProcessCpuSeconds).ToArray();
        var requestsBefore = cluster.HarnessRequests.Select(r => r.Values.Sum()).ToArray();
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var puts = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await cluster.AppendAsync(Regions[0], new UserRegistered(new UserId($"u-put-{puts}"), $"put{puts}@example.com", "Ann"), CancellationToken.None);
            puts++;
        }
        var putRate = puts / watch.Elapsed.TotalSeconds;
        var putSeconds = watch.Elapsed.TotalSeconds;
        var cpu = pids.Select(LoadMeasurements.ProcessCpuSeconds).Zip(cpuBefore, (a, b) => a - b).ToArray();
        var harness = (Process.GetCurrentProcess().TotalProcessorTime - selfBefore).TotalSeconds;
        var requests = cluster.HarnessRequests.Select(r => r.Values.Sum()).Zip(requestsBefore, (a, b) => a - b).ToArray();
        Console.WriteLine($"single PUTs in a running mesh: replica CPU {cpu.Sum():0.0} s ({string.Join(" / ", cpu.Select(c => c.ToString("0.0", CultureInfo.InvariantCulture)))}) " +
                          $"= {cpu.Sum() * 1000 / Math.Max(1, puts):0.0} ms per PUT across the three servers; harness CPU {harness:0.0} s (proxies, projectors, supervisor); " +
                          $"harness requests {string.Join(" / ", requests.Select(r => (r / putSeconds).ToString("0", CultureInfo.InvariantCulture)))} per s per server; " +
                          $"load average {LoadMeasurements.LoadAverage()}");

        var codec = new EventCodec(Catalog);
        var database = cluster.DatabaseOf(Regions[0]);
        var bulk = 0;
        watch.Restart();
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            var batch = Enumerable.Range(bulk, 100).Select(i =>
            {
                var envelope = new EventEnvelope(new EventId($"bulk-{i}"), Regions[0], new Domain.Clock.HybridTimestamp(i, 0), DateTimeOffset.UtcNow,
                    new UserRegistered(new UserId($"u-bulk-{i}"), $"bulk{i}@example.com", "Ann"));
                using var document = JsonDocument.Parse(codec.EncodeToUtf8(envelope));
                return document.RootElement.Clone();
            }).ToArray();
            await database.BulkDocsAsync(batch);
            bulk += batch.Length;
        }
        var bulkRate = bulk / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"appends, one client, region eu, replications on: single PUT {putRate:0} docs/s ({puts} in 5 s), " +
                          $"_bulk_docs of 100 {bulkRate:0} docs/s ({bulk} in 5 s)");
    }

    /// <summary>The steady scenario at <paramref name="rate"/> events/s per region: lag from append to apply in another region.</summary>
    private static async Task LagAsync(string folder, bool throughProxies, double rate, double seconds)
    {
        var scenario = Scenario.Create("steady", 42, Regions, Topology.Mesh, WorkloadOptions.AtRate(rate), [], TimeSpan.FromSeconds(seconds),
            livenessBound: TimeSpan.FromSeconds(60));
        await using var cluster = new LiveCluster(new LiveClusterOptions(folder) { ReplicateThroughProxies = throughProxies });
        var outcome = RunOutcome.From(await new ScenarioRunner(Catalog).RunAsync(scenario, cluster));
        var lag = outcome.Metrics.Overall;
        Console.WriteLine($"lag {(throughProxies ? "through proxies" : "direct links   ")}, {rate:0}/s per region for {seconds:0} s " +
                          $"({outcome.Record.EventCount} events, {outcome.Status}): p50 {lag.P50Ms:0.0} ms, p95 {lag.P95Ms:0.0} ms, " +
                          $"p99 {lag.P99Ms:0.0} ms, max {lag.MaxMs:0.0} ms over {lag.Count} remote applies");
    }

    /// <summary>ap cut off from both others three times for 5 s (5 events/s per region); per heal and link, time to the first document.</summary>
    private static async Task HealAsync(string folder, string mode)
    {
        var faults = new List<ScheduledFault>();
        var id = 1;
        foreach (var at in new[] { 2.0, 10.0, 18.0 })
        {
            foreach (var other in new[] { Regions[0], Regions[1] })
            {
                Fault fault = mode switch
                {
                    "disabled" => new PartitionFault(Regions[2], other),
                    "blackhole" => new BlackholeFault(Regions[2], other),
                    _ => new ResetPeerFault(Regions[2], other),
                };
                faults.Add(new ScheduledFault(id++, TimeSpan.FromSeconds(at), TimeSpan.FromSeconds(5), fault));
            }
        }
        var scenario = Scenario.Create("heal-" + mode, 42, Regions, Topology.Mesh, WorkloadOptions.AtRate(5), faults, TimeSpan.FromSeconds(26),
            livenessBound: TimeSpan.FromSeconds(60));
        await using var cluster = new LiveCluster(new LiveClusterOptions(folder));
        var outcome = RunOutcome.From(await new ScenarioRunner(Catalog).RunAsync(scenario, cluster));
        var times = cluster.HealTimings.Where(h => h.FirstDocument is not null).Select(h => h.FirstDocument!.Value.TotalMilliseconds).Order().ToArray();
        var restarts = outcome.Record.Counters.TryGetValue("replication.restarts", out var r) ? r : 0;
        Console.WriteLine($"heal -> first document, {mode,-10}: {times.Length} link heals, " +
                          (times.Length == 0 ? "none measured" : $"min {times[0]:0} ms, median {times[times.Length / 2]:0} ms, max {times[^1]:0} ms") +
                          $"; supervisor restarts {restarts}; run {outcome.Status}");
        foreach (var heal in cluster.HealTimings) Console.WriteLine($"    {heal}");
    }
}
