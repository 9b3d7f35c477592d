using System.Globalization;
using Convergence.Simulator.Scenarios;

namespace Convergence.Cli.Chaos;

/// <summary>
/// Refuses a chaos run the embedded replicas cannot carry on this machine. What costs is the documents each server
/// stores: its own region's writes plus every other region's, replicated in (every topology the scenarios use is
/// connected, so every event reaches every server), each with its replication requests. Embedded servers share the
/// machine's cores, so the budget is the total over all of them: rate × regions stored per server, × regions servers,
/// which grows with the square of the region count. Real servers given by <c>--url</c> are not guarded: their
/// capacity is theirs to know (the run's report says when they did not keep up).
/// </summary>
public static class RateGuard
{
    /// <summary>
    /// Documents per second all embedded pouchdb-servers together store with the schedule held and lag low on this
    /// 2-core machine: 13/s per region × 3 regions held a 10-minute run at a load average under 10 (issue 16); bench
    /// <c>live load</c> under a load average of 55–70 holds less (src/Cluster/Live/README.md, "At load").
    /// </summary>
    public const double EmbeddedStoredDocumentsPerSecond = 120;

    /// <summary>Documents stored per second on each server: its own writes plus those replicated from every other region.</summary>
    public static double StoredPerServer(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Workload.RatePerRegion * scenario.Regions.Count;
    }

    /// <summary>Documents stored per second by all servers together.</summary>
    public static double StoredInTotal(Scenario scenario) => StoredPerServer(scenario) * scenario.Regions.Count;

    /// <summary>The highest rate per region the embedded servers carry with <paramref name="regions"/> regions.</summary>
    public static double HighestRate(int regions) => EmbeddedStoredDocumentsPerSecond / ((double)regions * regions);

    /// <summary>Why the embedded servers cannot carry <paramref name="scenario"/>, or null when they can.</summary>
    public static string? EmbeddedProblem(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var total = StoredInTotal(scenario);
        if (total <= EmbeddedStoredDocumentsPerSecond) return null;
        var regions = scenario.Regions.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"--rate {scenario.Workload.RatePerRegion} with {regions} regions: {StoredPerServer(scenario):0.#} docs/s stored per embedded server (own + replicated), " +
            $"{total:0.#}/s in all, above the {EmbeddedStoredDocumentsPerSecond:0}/s they sustain here; use --rate {Math.Floor(HighestRate(regions) * 10) / 10:0.#} or less, or --no-rate-guard");
    }
}
