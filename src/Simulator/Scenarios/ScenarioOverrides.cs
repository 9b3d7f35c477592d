using Convergence.Simulator.Network;

namespace Convergence.Simulator.Scenarios;

/// <summary>
/// Options given on the command line that replace a named scenario's defaults (null keeps the
/// default). <see cref="ConvergeBound"/> declares the bound law L6 holds the run to after the last heal;
/// <see cref="LivenessBound"/> caps the liveness phase (a live run cannot wait the simulator's 30 minutes).
/// </summary>
public sealed record ScenarioOverrides(
    int? Regions = null, TimeSpan? Duration = null, double? Rate = null, Topology? Topology = null, TimeSpan? ConvergeBound = null,
    IReadOnlyDictionary<string, TimeSpan>? InvariantBounds = null, TimeSpan? LivenessBound = null)
{
    public static ScenarioOverrides None { get; } = new();
}
