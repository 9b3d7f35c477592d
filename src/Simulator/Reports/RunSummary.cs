using System.Text.Json;
using System.Text.Json.Serialization;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Metrics;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Reports;

/// <summary>
/// <c>summary.json</c>: verdict, seed, configuration, counts, quantiles and time to converge.
/// Everything but <see cref="Run"/> is a function of the run record, so a replay of the seed
/// writes it byte for byte; <see cref="Run"/> holds the wall-clock facts (when, where, how long).
/// </summary>
public sealed record RunSummary(
    string Schema,
    string Verdict,
    ulong Seed,
    string Replay,
    string Engine,
    string Domain,
    SummaryConfiguration Configuration,
    SummaryCounts Counts,
    IReadOnlyList<LawVerdict> Laws,
    SummaryQuiescence Quiescence,
    double? TimeToConvergeS,
    IReadOnlyList<SummaryHeal> Heals,
    IReadOnlyList<SummaryWindow> DivergenceWindows,
    SummaryLag Lag,
    IReadOnlyList<RegionLoss> Losses,
    SummaryComparison Comparison,
    RunInfo? Run)
{
    public const string CurrentSchema = "convergence.summary/2";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static RunSummary From(RunRecord run, CheckReport checks, RunMetrics metrics, RunInfo? info = null)
    {
        var scenario = run.Scenario;
        var configuration = new SummaryConfiguration(
            scenario.Name,
            scenario.Regions.Select(r => r.Value).ToArray(),
            scenario.Topology.ToString().ToLowerInvariant(),
            scenario.Workload.RatePerRegion,
            new SortedDictionary<string, double>(scenario.Workload.WeightOverrides.ToDictionary(), StringComparer.Ordinal),
            S(scenario.SafetyPhase),
            S(scenario.LivenessBound),
            scenario.ConvergeBound is { } b ? S(b) : null,
            scenario.Latency.Median.TotalMilliseconds,
            scenario.Latency.P99.TotalMilliseconds,
            S(scenario.DigestSampleInterval),
            scenario.Faults.Select(f => new SummaryFault(f.Id, f.Fault.GetType().Name, f.Fault.ToString(), S(f.At), S(f.Duration))).ToArray());
        var counts = new SummaryCounts(
            run.EventCount,
            run.Regions.Sum(r => r.Deliveries),
            run.DigestSamples.Count,
            new SortedDictionary<string, long>(run.Counters.ToDictionary(), StringComparer.Ordinal));
        return new RunSummary(
            CurrentSchema,
            checks.Status.ToString(),
            scenario.Seed,
            ReplayCommand.For(scenario),
            run.Engine,
            run.Catalog.ToString(),
            configuration,
            counts,
            checks.Laws,
            new SummaryQuiescence(run.Quiescence.Reached, Us(run.Quiescence.AtUs), run.Quiescence.Pending),
            metrics.ConvergedAfterLastHealUs is { } c ? Us(c) : null,
            metrics.Heals.Select(h => new SummaryHeal(Us(h.HealAtUs), h.What, h.IsFinal, h.ConvergedAfterUs is { } a ? Us(a) : null)).ToArray(),
            metrics.DivergenceWindows.Select(w => new SummaryWindow(Us(w.StartUs), w.EndUs is { } e ? Us(e) : null)).ToArray(),
            new SummaryLag(metrics.Overall, metrics.Regions, metrics.Pairs),
            checks.Losses,
            SummaryComparison.From(run, checks),
            info);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static double S(TimeSpan t) => t.Ticks / (double)TimeSpan.TicksPerSecond;

    private static double Us(long us) => us / 1e6;
}

/// <summary>The scenario as run (times in seconds, latencies in milliseconds).</summary>
public sealed record SummaryConfiguration(
    string Scenario, IReadOnlyList<string> Regions, string Topology, double RatePerRegion,
    IReadOnlyDictionary<string, double> WeightOverrides, double SafetyPhaseS, double LivenessBoundS, double? ConvergeBoundS,
    double LatencyP50Ms, double LatencyP99Ms, double DigestSampleIntervalS, IReadOnlyList<SummaryFault> Faults);

/// <summary>One scheduled fault.</summary>
public sealed record SummaryFault(int Id, string Kind, string Description, double AtS, double DurationS);

/// <summary>How much happened: appends, deliveries (repeats included), digest samples, engine counters.</summary>
public sealed record SummaryCounts(long Appended, long Deliveries, int DigestSamples, IReadOnlyDictionary<string, long> Engine);

/// <summary>Whether and when the liveness phase reached quiescence, and what was pending if not.</summary>
public sealed record SummaryQuiescence(bool Reached, double AtS, string? Pending);

/// <summary>One heal and the time to converge after it.</summary>
public sealed record SummaryHeal(double AtS, string What, bool IsFinal, double? ConvergedAfterS);

/// <summary>One divergence window (end null: never closed).</summary>
public sealed record SummaryWindow(double StartS, double? EndS);

/// <summary>Lag quantiles overall (events from other regions), per region and per ordered pair.</summary>
public sealed record SummaryLag(LagQuantiles Overall, IReadOnlyList<RegionLag> Regions, IReadOnlyList<PairLag> Pairs);

/// <summary>
/// How regions were compared: at which levels (the view users see, the state that decides what a
/// region does next), each region's fingerprint at both, and the event-identity law (L0).
/// </summary>
public sealed record SummaryComparison(IReadOnlyList<string> Levels, string IdentityLaw, IReadOnlyList<SummaryRegionComparison> Regions)
{
    public static SummaryComparison From(RunRecord run, CheckReport checks)
    {
        var identity = checks.Laws.FirstOrDefault(l => l.Law == "L0") is { } law ? (law.Passed ? "passed" : "failed") : "not judged";
        return new SummaryComparison(
            OrderIndependenceCheck.Levels.Select(OrderIndependenceCheck.Name).ToArray(),
            identity,
            run.Regions.Select(r => new SummaryRegionComparison(r.Region.Value, r.View.Count, r.View.Digest, r.State.Count, r.State.Digest,
                r.IdentityConflicts.Count, r.LogAnomalies.Count)).ToArray());
    }
}

/// <summary>One region at both comparison levels: entry counts and digests (fingerprints; equality is judged entry by entry).</summary>
public sealed record SummaryRegionComparison(
    string Region, int ViewEntries, string ViewDigest, int StateEntries, string StateDigest, int IdentityConflicts, int LogAnomalies);

/// <summary>The wall-clock facts of one run, kept apart so the rest of the summary replays byte for byte.</summary>
public sealed record RunInfo(string StartedAtUtc, string Folder, long WallClockMs, SummaryWorkload? Workload = null);
