using System.Globalization;
using Convergence.Simulator.Scenarios;

namespace Convergence.Simulator.Reports;

/// <summary>The exact command that replays a simulated run: the scenario's name, seed and every resolved option.</summary>
public static class ReplayCommand
{
    /// <param name="scenario">The run's scenario.</param>
    /// <param name="domainOptions">Options that choose the domain (e.g. <c>--module samples/CheckIns</c>), which the scenario does not hold.</param>
    public static string For(Scenario scenario, string domainOptions = "") =>
        $"convergence simulate --scenario {scenario.Name} --seed {scenario.Seed} --regions {scenario.Regions.Count} " +
        $"--duration {DurationText.Format(scenario.SafetyPhase)} " +
        $"--rate {scenario.Workload.RatePerRegion.ToString("R", CultureInfo.InvariantCulture)} " +
        $"--topology {scenario.Topology.ToString().ToLowerInvariant()}" +
        (scenario.ConvergeBound is { } bound ? $" --converge-within {DurationText.Format(bound)}" : "") +
        string.Concat(scenario.InvariantBounds.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $" --bound {b.Key}={DurationText.Format(b.Value)}")) +
        (domainOptions.Length > 0 ? " " + domainOptions : "");
}
