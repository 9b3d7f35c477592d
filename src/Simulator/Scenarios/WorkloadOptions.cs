namespace Convergence.Simulator.Scenarios;

/// <summary>
/// What clients do: a Poisson stream of actions per region at <see cref="RatePerRegion"/> actions
/// per second, each picked among the catalog's client actions by weight. <see cref="WeightOverrides"/>
/// replaces the weight of an action by name (0 disables it).
/// </summary>
public sealed record WorkloadOptions(double RatePerRegion, IReadOnlyDictionary<string, double> WeightOverrides)
{
    public static WorkloadOptions AtRate(double ratePerRegion) =>
        new(ratePerRegion, new Dictionary<string, double>(StringComparer.Ordinal));

    public override string ToString() =>
        $"{RatePerRegion:0.###}/s per region" +
        (WeightOverrides.Count == 0 ? "" : " weights " + string.Join(",", WeightOverrides.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
}
