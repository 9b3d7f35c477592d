using System.Globalization;
using Convergence.Simulator.Scenarios;

namespace Convergence.Cli.Chaos;

/// <summary>The exact <c>convergence chaos</c> command that repeats a live run: scenario, seed, every resolved option.</summary>
public static class ChaosReplayCommand
{
    /// <param name="scenario">The run's scenario (its seed and resolved regions, duration and rate).</param>
    /// <param name="targetOptions">Where the run ran (<c>--backend</c>, <c>--url</c> without credentials, <c>--toxiproxy</c>).</param>
    /// <param name="domainOptions">Options that choose the domain (<c>--module …</c>).</param>
    public static string For(Scenario scenario, string targetOptions = "", string domainOptions = "") =>
        $"convergence chaos --scenario {scenario.Name} --seed {scenario.Seed} --regions {scenario.Regions.Count} " +
        $"--duration {DurationText.Format(scenario.SafetyPhase)} " +
        $"--rate {scenario.Workload.RatePerRegion.ToString("R", CultureInfo.InvariantCulture)}" +
        (scenario.ConvergeBound is { } bound ? $" --converge-within {DurationText.Format(bound)}" : "") +
        string.Concat(scenario.InvariantBounds.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $" --bound {b.Key}={DurationText.Format(b.Value)}")) +
        (targetOptions.Length > 0 ? " " + targetOptions : "") +
        (domainOptions.Length > 0 ? " " + domainOptions : "");
}
