using BenchmarkDotNet.Attributes;
using Convergence.Domain.Modules;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Simulation;

namespace Convergence.Benchmarks.Simulation;

/// <summary>Simulated versus wall-clock time: one hour of 5 regions × 100 events/s with partitions.</summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private readonly DomainCatalog _catalog = new(new CounterModule());

    /// <summary>The engine and the runner only: appends, replication, projection, recording.</summary>
    [Benchmark]
    public async Task<int> SimulateOneHourFiveRegions()
    {
        await using var cluster = new SimulatedCluster(new SimulationOptions(sampleDigests: false));
        var record = await new ScenarioRunner(_catalog).RunAsync(BenchmarkScenarios.OneHourFiveRegions(), cluster);
        return record.EventCount;
    }
}
