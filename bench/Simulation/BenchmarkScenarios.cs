using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Scenarios;

namespace Convergence.Benchmarks.Simulation;

/// <summary>The benchmark's world: 5 regions in a mesh, 100 actions/s each, with a partition and an isolation every 10 minutes.</summary>
public static class BenchmarkScenarios
{
    public static Scenario OneHourFiveRegions(TimeSpan? duration = null)
    {
        var length = duration ?? TimeSpan.FromHours(1);
        var regions = RegionNames.First(5);
        var faults = new List<ScheduledFault>();
        var id = 1;
        for (var start = TimeSpan.FromMinutes(2); start + TimeSpan.FromMinutes(2) < length; start += TimeSpan.FromMinutes(10))
        {
            faults.Add(new ScheduledFault(id++, start, TimeSpan.FromSeconds(60), new PartitionFault(regions[0], regions[1])));
            faults.Add(new ScheduledFault(id++, start + TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(45), new IsolateFault(regions[id % 5])));
        }
        return Scenario.Create("bench", 1, regions, Topology.Mesh, WorkloadOptions.AtRate(100), faults, length,
            digestSampleInterval: TimeSpan.FromMinutes(1));
    }
}
