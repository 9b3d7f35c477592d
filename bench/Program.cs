using System.Diagnostics;
using BenchmarkDotNet.Running;
using Convergence.Benchmarks.Simulation;
using Convergence.Domain.Modules;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Simulation;

namespace Convergence.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (BenchmarkDotNet's switcher), or with
/// <c>oneshot</c> times one simulated hour once and prints where the time went, or with <c>live</c> measures the
/// live engine on real replicas (<see cref="Live.LiveMeasurements"/>), or with <c>proxy [URL]</c> measures the fault proxy
/// against direct loopback (<see cref="Proxy.ProxyMeasurements"/>).
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args is ["live", ..])
        {
            await Live.LiveMeasurements.RunAsync(args);
            return;
        }
        if (args is ["proxy", ..])
        {
            await Proxy.ProxyMeasurements.RunAsync(args);
            return;
        }
        if (args is ["scale", ..])
        {
            await ScaleTable.RunAsync(args);
            return;
        }
        if (args is ["breakdown", ..])
        {
            await Breakdown.RunBreakdown.RunAsync(args);
            return;
        }
        if (args is ["oneshot", ..])
        {
            await OneShotAsync();
            return;
        }
        if (args is ["social", var name, ..])
        {
            // The named CLI scenario on the social network, three times in one process: JIT first, then steady state.
            for (var i = 0; i < 3; i++)
            {
                var scenario = Simulator.Scenarios.ScenarioCatalog.Create(name, 42);
                var watch = Stopwatch.StartNew();
                await using var cluster = new SimulatedCluster(new SimulationOptions(sampleDigests: args.Length < 3));
                var record = await new ScenarioRunner(DomainCatalog.SocialNetwork()).RunAsync(scenario, cluster);
                var simulated = watch.Elapsed;
                var outcome = RunOutcome.From(record);
                Console.WriteLine($"{name}: {record.EventCount} events, simulation {simulated.TotalMilliseconds:0} ms, " +
                                  $"with metrics and checks {watch.Elapsed.TotalMilliseconds:0} ms, {outcome.Status}");
            }
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static async Task OneShotAsync()
    {
        var catalog = new DomainCatalog(new CounterModule());
        var scenario = BenchmarkScenarios.OneHourFiveRegions();
        var total = Stopwatch.StartNew();
        await using var cluster = new SimulatedCluster(new SimulationOptions(sampleDigests: false));
        var record = await new ScenarioRunner(catalog).RunAsync(scenario, cluster);
        var simulated = total.Elapsed;
        var outcome = RunOutcome.From(record);
        var all = total.Elapsed;
        var deliveries = record.Regions.Sum(r => r.Deliveries);
        Console.WriteLine($"simulated {record.EndUs / 1e6:0} s: {record.EventCount} appends, {deliveries} applies, {cluster.ProcessedEvents} queue events");
        Console.WriteLine($"simulation {simulated.TotalSeconds:0.00} s wall ({record.EndUs / 1e6 / simulated.TotalSeconds:0}x real time); " +
                          $"with metrics and checks {all.TotalSeconds:0.00} s; verdict {outcome.Status}");
        Console.WriteLine($"GC: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, " +
                          $"allocated {GC.GetTotalAllocatedBytes() / 1e6:0} MB, pause {GC.GetTotalPauseDuration().TotalSeconds:0.00} s");
    }
}
