using Convergence.Simulator.Network;
using Convergence.Simulator.Scenarios;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>Generated simulation cases, each small enough to run in milliseconds, with a shrinker towards the simplest world.</summary>
public static class SimulationArbitraries
{
    public static Arbitrary<SimulationCase> Cases() => Arb.From(CaseGen, Shrink);

    /// <summary>Only swarm worlds: configuration and faults drawn from the seed, sizes kept small.</summary>
    public static Gen<SimulationCase> SwarmGen { get; } =
        from seed in Gen.Choose(0, int.MaxValue)
        from regions in Gen.Choose(2, 4)
        from rate in Gen.Choose(2, 12)
        from duration in Gen.Choose(2, 12)
        from topology in Gen.Elements(Topology.Mesh, Topology.Ring, Topology.Star)
        select new SimulationCase("swarm", (ulong)seed, regions, rate, duration, topology);

    private static Gen<SimulationCase> CaseGen { get; } =
        from name in Gen.Elements(ScenarioCatalog.Names.ToArray())
        from seed in Gen.Choose(0, int.MaxValue)
        from regions in Gen.Choose(2, 4)
        from rate in Gen.Choose(2, 12)
        from duration in Gen.Choose(2, 12)
        from topology in Gen.Elements(Topology.Mesh, Topology.Ring, Topology.Star)
        select new SimulationCase(name, (ulong)seed, regions, rate, duration, topology);

    private static IEnumerable<SimulationCase> Shrink(SimulationCase c)
    {
        foreach (var d in ArbMap.Default.ArbFor<int>().Shrinker(c.DurationS).Where(d => d >= 1)) yield return c with { DurationS = d };
        foreach (var r in ArbMap.Default.ArbFor<int>().Shrinker(c.RatePerRegion).Where(r => r >= 1)) yield return c with { RatePerRegion = r };
        foreach (var n in ArbMap.Default.ArbFor<int>().Shrinker(c.Regions).Where(n => n >= 2)) yield return c with { Regions = n };
        if (c.Topology != Topology.Mesh) yield return c with { Topology = Topology.Mesh };
        if (c.Scenario != "steady") yield return c with { Scenario = "steady" };
    }
}
