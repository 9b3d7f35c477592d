using Convergence.Domain.Envelope;
using Convergence.Domain.Modules;
using Convergence.Simulator.Scenarios;

namespace Convergence.Simulator.Runs;

/// <summary>
/// Everything a run produced, in engine-neutral form: the input every checker, metric and report
/// works from. Events are numbered by append order; per-region arrays are indexed by that number
/// (-1 = never applied). Times are microseconds since the start of the run.
/// </summary>
public sealed class RunRecord
{
    private readonly long[] _appendedAtUs;
    private readonly int[] _origins;
    private readonly long[][] _firstApplyUs;
    private readonly int[][] _applyCounts;

    internal RunRecord(
        Scenario scenario, DomainCatalog catalog, string engine, IReadOnlyList<EventEnvelope> envelopes, int eventCount,
        long[] appendedAtUs, int[] origins,
        long[][] firstApplyUs, int[][] applyCounts, IReadOnlyList<FaultRecord> faults, IReadOnlyList<HealRecord> heals,
        IReadOnlyList<DigestSample> digests, IReadOnlyDictionary<string, long> counters, long safetyEndUs,
        Quiescence quiescence, IReadOnlyList<RegionSnapshot> regions, long endUs, string? failure, bool interrupted = false,
        string? clusterFailure = null)
    {
        Scenario = scenario;
        Catalog = catalog;
        Engine = engine;
        Envelopes = envelopes;
        EventCount = eventCount;
        _appendedAtUs = appendedAtUs;
        _origins = origins;
        _firstApplyUs = firstApplyUs;
        _applyCounts = applyCounts;
        Faults = faults;
        Heals = heals;
        DigestSamples = digests;
        Counters = counters;
        SafetyEndUs = safetyEndUs;
        Quiescence = quiescence;
        Regions = regions;
        EndUs = endUs;
        Failure = failure;
        Interrupted = interrupted;
        ClusterFailure = clusterFailure;
    }

    public Scenario Scenario { get; }

    public DomainCatalog Catalog { get; }

    /// <summary>Which engine ran it (<c>simulated</c>, <c>live</c>).</summary>
    public string Engine { get; }

    public IReadOnlyList<EventEnvelope> Envelopes { get; }

    /// <summary>How many events were appended; per-event arrays may be longer (capacity), never shorter.</summary>
    public int EventCount { get; }

    public int RegionCount => _firstApplyUs.Length;

    public IReadOnlyList<FaultRecord> Faults { get; }

    public IReadOnlyList<HealRecord> Heals { get; }

    public IReadOnlyList<DigestSample> DigestSamples { get; }

    public IReadOnlyDictionary<string, long> Counters { get; }

    /// <summary>When the safety phase ended (the final heal), or -1 if the run never got there.</summary>
    public long SafetyEndUs { get; }

    public Quiescence Quiescence { get; }

    /// <summary>Each region as read at the end, in scenario order.</summary>
    public IReadOnlyList<RegionSnapshot> Regions { get; }

    public long EndUs { get; }

    /// <summary>Set when the run stopped early because a handler threw (law L4); the exception text.</summary>
    public string? Failure { get; }

    /// <summary>True when the user stopped the run (Ctrl+C, SIGTERM) before its end: the record is partial and not judged.</summary>
    public bool Interrupted { get; }

    /// <summary>Set when the engine's own cluster broke down (not the handlers): why. The run is reported, not judged.</summary>
    public string? ClusterFailure { get; }

    public long AppendedAtUs(int index) => _appendedAtUs[index];

    public int OriginOf(int index) => _origins[index];

    public long FirstApplyUs(int region, int index) => _firstApplyUs[region][index];

    public int ApplyCount(int region, int index) => _applyCounts[region][index];

    public ReadOnlySpan<long> FirstApplies(int region) => _firstApplyUs[region].AsSpan(0, EventCount);
}
