using System.Globalization;
using Convergence.Simulator.Scenarios;

namespace Convergence.Simulator.Reports;

/// <summary>The exact command that replays a simulated run: the scenario's name, seed and every resolved option.</summary>
public static class ReplayCommand
{
    public static string For(Scenario scenario) =>
        $"convergence simulate --scenario {scenario.Name} --seed {scenario.Seed} --regions {scenario.Regions.Count} " +
        $"--duration {DurationText.Format(scenario.SafetyPhase)} " +
        $"--rate {scenario.Workload.RatePerRegion.ToString("R", CultureInfo.InvariantCulture)} " +
        $"--topology {scenario.Topology.ToString().ToLowerInvariant()}" +
        (scenario.ConvergeBound is { } bound ? $" --converge-within {DurationText.Format(bound)}" : "");
}
