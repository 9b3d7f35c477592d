using System.Globalization;
using System.Text;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Metrics;
using Convergence.Simulator.Reports;

namespace Convergence.Cli.Chaos;

/// <summary>
/// The simulator beside reality: the same scenario and seed run in the simulator, its lag quantiles and times to
/// converge set against the live run's, with a plain note where the live figures leave the simulated ones far behind
/// (or ahead). The link model is not retuned from here: a mismatch is reported for a person to judge.
/// </summary>
public sealed class SimulatedComparison
{
    /// <summary>Live and simulated medians further apart than this factor are called a clear mismatch.</summary>
    public const double MismatchFactor = 3;

    private SimulatedComparison(RunOutcome live, RunOutcome simulated, IReadOnlyList<string> mismatches)
    {
        Live = live;
        Simulated = simulated;
        Mismatches = mismatches;
    }

    public RunOutcome Live { get; }

    public RunOutcome Simulated { get; }

    /// <summary>One sentence per clear mismatch (empty when the model matches within <see cref="MismatchFactor"/>).</summary>
    public IReadOnlyList<string> Mismatches { get; }

    public static SimulatedComparison Of(RunOutcome live, RunOutcome simulated)
    {
        var mismatches = new List<string>();
        // A run stopped half-way is not the scenario the simulator ran: nothing to compare.
        if (live.Record.Interrupted) return new SimulatedComparison(live, simulated, mismatches);
        foreach (var region in live.Metrics.Regions)
        {
            var sim = SimulatedLag(simulated, region.Region);
            if (sim is null || region.Lag.Count == 0 || sim.Count == 0) continue;
            // The median shows the link itself; the p99 its tail (or, in a run with faults, the faults' windows).
            foreach (var (quantile, liveMs, simMs) in new[] { ("p50", region.Lag.P50Ms, sim.P50Ms), ("p99", region.Lag.P99Ms, sim.P99Ms) })
            {
                var ratio = liveMs / Math.Max(simMs, 0.001);
                if (ratio > MismatchFactor || ratio < 1 / MismatchFactor)
                {
                    // Say "N× above" or "N× below" rather than a ratio that rounds to 0×.
                    var apart = ratio >= 1 ? $"{ratio:0.#}× above" : $"{1 / ratio:0.#}× below";
                    mismatches.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{region.Region}: live lag {quantile} {liveMs:0} ms is {apart} the simulated {simMs:0} ms"));
                }
            }
        }
        var liveHeals = live.Metrics.Heals;
        var simHeals = MatchHeals(live, simulated);
        for (var i = 0; i < liveHeals.Count; i++)
        {
            if (simHeals[i] is not { } sim || liveHeals[i].IsFinal) continue;
            if (liveHeals[i].ConvergedAfterUs is not { } liveUs || sim.ConvergedAfterUs is not { } simUs) continue;
            // Sub-second times are within the sampling noise of the digests (one sample a second): only longer ones count.
            var apart = Math.Abs(liveUs - simUs) > HealNoiseUs && (liveUs > MismatchFactor * simUs || simUs > MismatchFactor * liveUs);
            if (apart)
            {
                mismatches.Add(string.Create(CultureInfo.InvariantCulture,
                    $"after {liveHeals[i].What}: live converged in {liveUs / 1e6:0.0} s, the simulator in {simUs / 1e6:0.0} s"));
            }
        }
        return new SimulatedComparison(live, simulated, mismatches);
    }

    // Heal times closer than this are not called a mismatch whatever their ratio.
    private const long HealNoiseUs = 2_000_000;

    /// <summary>The simulated lag of a region, matched by name.</summary>
    public LagQuantiles? SimulatedLag(string region) => SimulatedLag(Simulated, region);

    /// <summary>The section appended to the live run's report.md.</summary>
    public ReportSection ToSection()
    {
        var md = new StringBuilder();
        var latency = Live.Record.Scenario.Latency;
        md.Append(CultureInfo.InvariantCulture,
            $"The same scenario and seed in the deterministic simulator ({Simulated.Record.EventCount} events, verdict {Simulated.Status}), ");
        md.Append("with every fault and heal at the time it actually happened in the live run. ");
        md.Append(CultureInfo.InvariantCulture,
            $"Its link model is the one measured on pouchdb-server (research/couchdb.md): one-way delay {latency}, PouchDB's retry backoff after a cut. ");
        md.Append("Live lag is append → applied by the region's projector, on one clock.\n\n");
        md.Append("| region | live p50 ms | simulated p50 ms | live p99 ms | simulated p99 ms | live max ms | simulated max ms |\n");
        md.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var region in Live.Metrics.Regions)
        {
            var sim = SimulatedLag(region.Region);
            md.Append(CultureInfo.InvariantCulture,
                $"| {region.Region} | {region.Lag.P50Ms:0.#} | {Ms(sim?.P50Ms)} | {region.Lag.P99Ms:0.#} | {Ms(sim?.P99Ms)} | {region.Lag.MaxMs:0.#} | {Ms(sim?.MaxMs)} |\n");
        }

        md.Append("\n| heal | live: converged after | simulated: converged after |\n| --- | ---: | ---: |\n");
        var liveHeals = Live.Metrics.Heals;
        var simHeals = MatchHeals(Live, Simulated);
        for (var i = 0; i < liveHeals.Count; i++)
        {
            var sim = simHeals[i];
            md.Append(CultureInfo.InvariantCulture,
                $"| {liveHeals[i].What} at {liveHeals[i].HealAtUs / 1e6:0.0} s | {Seconds(liveHeals[i].ConvergedAfterUs)} | {(sim is null ? "–" : Seconds(sim.ConvergedAfterUs))} |\n");
        }
        md.Append(CultureInfo.InvariantCulture,
            $"| **after the last heal** | **{Seconds(Live.Metrics.ConvergedAfterLastHealUs)}** | **{Seconds(Simulated.Metrics.ConvergedAfterLastHealUs)}** |\n\n");

        if (Live.Record.Interrupted)
        {
            md.Append("The live run was interrupted before its end, so its figures cover only part of the scenario: not compared.\n");
        }
        else if (Mismatches.Count == 0)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"The simulator's link model matches this run: every region's live lag p50 and p99 are within {MismatchFactor:0}× of the simulated ones.\n");
        }
        else
        {
            md.Append(CultureInfo.InvariantCulture, $"**Clear mismatch** (more than {MismatchFactor:0}× apart):\n\n");
            foreach (var m in Mismatches) md.Append("- ").Append(m).Append('\n');
            md.Append("\nWhat the model leaves out may explain it: the simulated lag is one replication hop drawn from the link model, " +
                      "while the live lag also holds the proxy hop, the replicator's batching and checkpoints, the projector's longpoll " +
                      "wake-up and the replications' warm-up at start; after a heal the simulator waits out PouchDB's retry backoff, " +
                      "while the live engine's supervisor restarts a stalled replication within seconds. " +
                      "The model was not retuned from this run.\n");
        }
        return new ReportSection("Simulated beside live", md.ToString());
    }

    /// <summary>
    /// For each live heal, the simulated heal of the same fault (the n-th heal of that name), or null: the live engine
    /// may time heals the simulator has no counterpart for (a replica restart played by cutting links).
    /// </summary>
    private static HealConvergence?[] MatchHeals(RunOutcome live, RunOutcome simulated)
    {
        var byName = simulated.Metrics.Heals.GroupBy(h => h.What).ToDictionary(g => g.Key, g => new Queue<HealConvergence>(g));
        return live.Metrics.Heals.Select(h => byName.TryGetValue(h.What, out var queue) && queue.Count > 0 ? queue.Dequeue() : null).ToArray();
    }

    private static LagQuantiles? SimulatedLag(RunOutcome simulated, string region) =>
        simulated.Metrics.Regions.FirstOrDefault(r => r.Region == region)?.Lag;

    private static string Ms(double? ms) => ms is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "–";

    private static string Seconds(long? us) => us is { } v ? (v / 1e6).ToString("0.000 s", CultureInfo.InvariantCulture) : "never";
}
