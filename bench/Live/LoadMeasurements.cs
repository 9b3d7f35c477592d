using System.Diagnostics;
using System.Globalization;
using Convergence.Cluster.Live;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Network;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;

namespace Convergence.Benchmarks.Live;

/// <summary>
/// The live engine at load: steady runs on three embedded replicas at rising rates per region, each judged on whether
/// it held its schedule (stored ≥ 98 % of the actions due) with lag p50 ≤ 200 ms, beside where the CPU went (harness
/// process against the three replica processes, read from <c>/proc/&lt;pid&gt;/stat</c> by PID), the requests per second
/// the harness itself sent each replica, and the replicas' CPU per stored document. Run with
/// <c>dotnet run -c Release --project bench -- live load [--rates 10,20,30] [--seconds 60] [--batch N]
/// [--feed-pause MS] [--replication batch_size=500,batches_limit=2,checkpoint="target"]</c>. Figures are taken over the fault phase
/// only (start-up and the liveness phase excluded); the load average beside each says how busy the machine was.
/// </summary>
public static class LoadMeasurements
{
    private static readonly IReadOnlyList<RegionId> Regions = RegionNames.First(3);
    private static readonly DomainCatalog Catalog = DomainCatalog.SocialNetwork();

    /// <summary>A run holds its schedule when it stored at least this share of the actions that proposed an event.</summary>
    public const double ScheduleHeld = 0.98;

    /// <summary>And its lag p50 stays under this.</summary>
    public const double LagP50LimitMs = 200;

    public static async Task RunAsync(string[] args, string root)
    {
        var rates = (Text(args, "--rates") ?? "10,20,30").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var seconds = double.Parse(Text(args, "--seconds") ?? "60", CultureInfo.InvariantCulture);
        var batch = int.Parse(Text(args, "--batch") ?? "1", CultureInfo.InvariantCulture);
        var fields = ParseFields(Text(args, "--replication"));
        var feedPause = TimeSpan.FromMilliseconds(double.Parse(Text(args, "--feed-pause") ?? "100", CultureInfo.InvariantCulture));
        Console.WriteLine($"load: 3 regions, mesh, steady, {seconds:0} s per rate, batch {batch}, feed pause {feedPause.TotalMilliseconds:0} ms, replication fields " +
                          (fields.Count == 0 ? "default" : string.Join(",", fields.Select(f => $"{f.Key}={f.Value}"))));
        var highest = 0.0;
        foreach (var rate in rates)
        {
            var held = await OneRateAsync(Path.Combine(root, $"load-{rate}"), rate, seconds, batch, fields, feedPause);
            if (held) highest = Math.Max(highest, rate);
        }

        Console.WriteLine($"highest rate per region holding the schedule within {100 - ScheduleHeld * 100:0} % with lag p50 <= {LagP50LimitMs:0} ms: " +
                          (highest > 0 ? $"{highest:0.#}/s" : "none of those tried"));
    }

    private static async Task<bool> OneRateAsync(
        string folder, double rate, double seconds, int batch, IReadOnlyDictionary<string, string> fields, TimeSpan feedPause)
    {
        var scenario = Scenario.Create("steady", 42, Regions, Topology.Mesh, WorkloadOptions.AtRate(rate), [], TimeSpan.FromSeconds(seconds),
            livenessBound: TimeSpan.FromSeconds(120));
        await using var cluster = new LiveCluster(new LiveClusterOptions(folder) { ReplicationFields = fields, FeedPause = feedPause });
        var window = new PhaseWindow(cluster);
        var runner = new ScenarioRunner(Catalog) { BatchSize = batch };
        var record = await runner.RunAsync(scenario, cluster, window);
        var outcome = RunOutcome.From(record);
        if (window.Start is not { } start || window.End is not { } end)
        {
            Console.WriteLine($"rate {rate}/s: the run ended before its fault phase did ({outcome.Status})");
            return false;
        }

        var wall = (end.At - start.At).TotalSeconds;
        var due = Regions.Sum(r => Counter(record, r, "due") - Counter(record, r, "no-proposal"));
        var stored = Regions.Sum(r => Counter(record, r, "stored"));
        var skipped = Regions.Sum(r => Counter(record, r, "skipped-in-flight-full"));
        var scheduleShare = due == 0 ? 1 : (double)stored / due;
        var lag = outcome.Metrics.Overall;
        var harnessCpu = (end.HarnessCpu - start.HarnessCpu).TotalSeconds;
        var replicaCpu = end.ReplicaCpu.Zip(start.ReplicaCpu, (b, a) => b - a).ToArray();
        var replicaTotal = replicaCpu.Sum();
        // Every server stores every event (its own and the replicated ones) in a connected mesh.
        var storedDocuments = (double)stored * Regions.Count;
        var requests = end.Requests.Select((perKind, i) => perKind.ToDictionary(k => k.Key, k => k.Value - start.Requests[i][k.Key])).ToArray();
        var held = scheduleShare >= ScheduleHeld && lag.P50Ms <= LagP50LimitMs && outcome.Status == RunStatus.Converged;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rate {rate}/s per region, batch {batch}: {(held ? "HELD" : "not held")}; phase {seconds:0} s took {wall:0.0} s; " +
            $"stored {stored} of {due} due ({scheduleShare:P1}), {skipped} skipped (in-flight bound), {stored / wall:0.0} appends/s in total; " +
            $"lag p50 {lag.P50Ms:0} ms p99 {lag.P99Ms:0} ms; {outcome.Status}; load average {start.LoadAverage} -> {end.LoadAverage}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    CPU over the phase: harness {harnessCpu:0.0} s ({harnessCpu / wall:0.00} core), replicas {replicaTotal:0.0} s ({replicaTotal / wall:0.00} core: " +
            $"{string.Join(" / ", replicaCpu.Select(c => c.ToString("0.0", CultureInfo.InvariantCulture)))}), harness share {harnessCpu / Math.Max(1e-9, harnessCpu + replicaTotal):P0}; " +
            $"replica CPU per stored document {(storedDocuments == 0 ? 0 : replicaTotal * 1000 / storedDocuments):0.0} ms ({storedDocuments:0} stored across 3 servers), " +
            $"harness CPU per event {(stored == 0 ? 0 : harnessCpu * 1000 / stored):0.0} ms"));
        for (var i = 0; i < Regions.Count; i++)
        {
            var total = requests[i].Values.Sum();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    harness requests to {Regions[i]}: {total / wall:0.0}/s ({string.Join(", ", requests[i].Where(k => k.Value > 0).Select(k => $"{k.Key} {k.Value / wall:0.0}/s"))})"));
        }

        return held;
    }

    private static long Counter(RunRecord record, RegionId region, string what) =>
        record.Counters.TryGetValue($"workload.{region.Value}.{what}", out var value) ? value : 0;

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary><c>batch_size=500,checkpoint="target"</c>: names and raw JSON values.</summary>
    private static Dictionary<string, string> ParseFields(string? text) =>
        text is null ? [] : text.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>CPU seconds a process has used (user + system), from <c>/proc/&lt;pid&gt;/stat</c>; 0 if it is gone.</summary>
    internal static double ProcessCpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces: fields are counted after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            const double ticksPerSecond = 100; // USER_HZ on Linux
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ticksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Where the counters stood at one instant.</summary>
    private sealed record Sample(
        TimeSpan At, TimeSpan HarnessCpu, double[] ReplicaCpu, IReadOnlyList<IReadOnlyDictionary<string, long>> Requests, string LoadAverage);

    /// <summary>Samples the counters when the fault phase starts and when the liveness phase begins (synchronously, in the runner's report).</summary>
    private sealed class PhaseWindow(LiveCluster cluster) : IProgress<RunProgress>
    {
        public Sample? Start { get; private set; }

        public Sample? End { get; private set; }

        public void Report(RunProgress value)
        {
            if (value.Phase == RunPhase.Safety && Start is null) Start = Take();
            else if (value.Phase == RunPhase.Liveness && End is null) End = Take();
        }

        private Sample Take()
        {
            using var self = Process.GetCurrentProcess();
            var pids = cluster.ProcessIds.Order().ToArray();
            return new Sample(cluster.Elapsed, self.TotalProcessorTime, pids.Select(ProcessCpuSeconds).ToArray(), cluster.HarnessRequests, LoadAverage());
        }
    }
}
