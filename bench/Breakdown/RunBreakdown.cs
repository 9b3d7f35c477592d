using System.Diagnostics;
using System.Text;
using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Metrics;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Convergence.Simulator.Traces;

namespace Convergence.Benchmarks.Breakdown;

/// <summary>
/// Where a user's <c>simulate</c> spends its CPU: the engine (apply, replication), the digest samples, each check,
/// the metrics and each report file, timed one after the other on the same seed. CPU time is the process's user+sys
/// (GC threads included), so the figures hold on a machine others load; allocations are this thread's.
/// Usage: <c>breakdown SCENARIO DURATION [REGIONS] [RATE]</c>, e.g. <c>breakdown partition 10m</c>.
/// </summary>
public static class RunBreakdown
{
    public static async Task RunAsync(string[] args)
    {
        var name = args.Length > 1 ? args[1] : "partition";
        _ = DurationText.TryParse(args.Length > 2 ? args[2] : "10m", out var duration);
        int? regions = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : null;
        double? rate = args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : null;
        var catalog = DomainCatalog.SocialNetwork();
        var scenario = ScenarioCatalog.Create(name, 7, new ScenarioOverrides(regions, duration, rate));
        var parts = new List<(string Part, double CpuS, double AllocMB)>();

        T Time<T>(string part, Func<T> work)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var alloc = GC.GetAllocatedBytesForCurrentThread();
            var result = work();
            parts.Add((part, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, (GC.GetAllocatedBytesForCurrentThread() - alloc) / 1e6));
            return result;
        }

        if (Environment.GetEnvironmentVariable("BREAKDOWN_ENGINE_ONLY") is "1")
        {
            var only = Time("engine only", () => RunEngine(scenario, catalog, sampleDigests: true));
            Console.WriteLine($"{only.EventCount} events: {parts[0].CpuS:0.000} CPU s, {parts[0].AllocMB:0} MB, gen2 {GC.CollectionCount(2)}");
            return;
        }
        // The engine twice: without timed digest samples, then as users run it; the difference is the samples' cost.
        var bareEvents = await Task.FromResult(Time("engine without digest samples", () => RunEngine(scenario, catalog, sampleDigests: false).EventCount));
        var record = Time("engine with digest samples", () => RunEngine(scenario, catalog, sampleDigests: true));
        var metrics = Time("metrics", () => RunMetrics.From(record));
        var checks = Time("checks (all, RunChecker)", () => RunChecker.Check(record, metrics));
        Time("  of which L1 order independence", () => OrderIndependenceCheck.Check(record));
        Time("  of which L3 spec agreement", () => SpecAgreementCheck.Check(record));
        Time("  of which eventual invariants", () => EventualInvariantCheck.Measure(record, record.Scenario.InvariantBounds));
        var summary = Time("summary", () => RunSummary.From(record, checks, metrics));
        var folder = Path.Combine(Path.GetTempPath(), $"convergence-breakdown-{Environment.ProcessId}");
        Time("report (all files)", () => { ReportWriter.WriteAsync(folder, record, checks, metrics, summary).GetAwaiter().GetResult(); return 0; });
        Time("  of which lag.csv", () => { using var w = new StreamWriter(Path.Combine(folder, "lag2.csv"), false, new UTF8Encoding(false)); LagCsv.Write(record, w); return 0; });
        Time("  of which lag.png", () => { LagPlots.WriteLagOverTime(record, Path.Combine(folder, "lag2.png")); return 0; });
        Time("  of which lag-quantiles.png", () => { LagPlots.WriteQuantiles(metrics, record, Path.Combine(folder, "q2.png")); return 0; });
        Time("  of which trace.json", () => { using var trace = File.Create(Path.Combine(folder, "trace2.json")); RunTrace.FromRecord(record).WriteJson(trace, record.Catalog); return 0; });
        Directory.Delete(folder, recursive: true);

        Console.WriteLine($"{name} {DurationText.Format(scenario.SafetyPhase)}, {scenario.Regions.Count} regions x {scenario.Workload.RatePerRegion}/s: " +
                          $"{record.EventCount} events ({bareEvents} without samples), {record.DigestSamples.Count} digest samples, verdict {checks.Status}");
        Console.WriteLine("| part | CPU s | allocated MB |\n| --- | ---: | ---: |");
        foreach (var (part, cpu, alloc) in parts) Console.WriteLine($"| {part} | {cpu:0.000} | {alloc:0} |");
        foreach (var law in checks.Laws) Console.WriteLine($"  {law.Law} {law.Title}: {(law.Passed ? "ok" : "FAILED")} {law.Detail.Split('\n')[0]}");
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
    }

    private static RunRecord RunEngine(Scenario scenario, DomainCatalog catalog, bool sampleDigests)
    {
        var cluster = new SimulatedCluster(new SimulationOptions(sampleDigests: sampleDigests));
        return new ScenarioRunner(catalog).RunAsync(scenario, cluster).GetAwaiter().GetResult();
    }
}
