using Convergence.Simulator.Network;
using Convergence.Simulator.Scenarios;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>A small generated run: a named scenario, its seed and overrides that keep it to a few hundred events.</summary>
public sealed record SimulationCase(string Scenario, ulong Seed, int Regions, int RatePerRegion, int DurationS, Topology Topology)
{
    public Scenario ToScenario() => ScenarioCatalog.Create(Scenario, Seed,
        new ScenarioOverrides(Regions, TimeSpan.FromSeconds(DurationS), RatePerRegion, Topology));

    public override string ToString() =>
        $"simulate --scenario {Scenario} --seed {Seed} --regions {Regions} --rate {RatePerRegion} --duration {DurationS}s --topology {Topology.ToString().ToLowerInvariant()}";
}
