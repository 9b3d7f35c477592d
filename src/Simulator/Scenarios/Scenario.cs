using Convergence.Domain.Identity;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;

namespace Convergence.Simulator.Scenarios;

/// <summary>
/// One run's world, the same for every engine: regions, topology, workload, fault schedule
/// (nemesis) and durations. Built and validated once by <see cref="Create"/>; immutable after.
/// The safety phase lasts <see cref="SafetyPhase"/> (workload and faults on); the liveness phase
/// heals everything, stops the workload and waits for quiescence at most <see cref="LivenessBound"/>.
/// </summary>
public sealed record Scenario
{
    private Scenario(
        string name, ulong seed, IReadOnlyList<RegionId> regions, Topology topology, WorkloadOptions workload,
        IReadOnlyList<ScheduledFault> faults, TimeSpan safetyPhase, TimeSpan livenessBound, TimeSpan? convergeBound,
        LatencyDistribution latency, TimeSpan digestSampleInterval)
    {
        Name = name;
        Seed = seed;
        Regions = regions;
        Topology = topology;
        Workload = workload;
        Faults = faults;
        SafetyPhase = safetyPhase;
        LivenessBound = livenessBound;
        ConvergeBound = convergeBound;
        Latency = latency;
        DigestSampleInterval = digestSampleInterval;
        Links = ReplicationLink.Of(topology, regions.Count);
    }

    public string Name { get; }

    /// <summary>The root seed: every random choice of the run derives from it.</summary>
    public ulong Seed { get; }

    public IReadOnlyList<RegionId> Regions { get; }

    public Topology Topology { get; }

    /// <summary>The directed replication links of <see cref="Topology"/> (region indices).</summary>
    public IReadOnlyList<ReplicationLink> Links { get; }

    public WorkloadOptions Workload { get; }

    /// <summary>The nemesis, ordered by start time then id.</summary>
    public IReadOnlyList<ScheduledFault> Faults { get; }

    public TimeSpan SafetyPhase { get; }

    /// <summary>The longest the liveness phase may take before the run is a liveness failure.</summary>
    public TimeSpan LivenessBound { get; }

    /// <summary>When declared, law L6 also requires convergence within this time after the last heal.</summary>
    public TimeSpan? ConvergeBound { get; }

    /// <summary>
    /// Bounds declared for the domain's eventual invariants by name (e.g. <c>one-account-per-email</c>
    /// = 5 s): how long after the last heal a violation may stay open. They override the modules' own.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> InvariantBounds { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>The default one-way delay of every link (faults may change single links).</summary>
    public LatencyDistribution Latency { get; }

    /// <summary>How often region digests are sampled for divergence windows (also at every heal and at the end);
    /// by default every second, or every 1/300 of the safety phase for runs over 5 minutes.</summary>
    public TimeSpan DigestSampleInterval { get; }

    public int IndexOf(RegionId region)
    {
        for (var i = 0; i < Regions.Count; i++) if (Regions[i] == region) return i;
        return -1;
    }

    /// <summary>A validated scenario, or an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public static Scenario Create(
        string name, ulong seed, IReadOnlyList<RegionId> regions, Topology topology, WorkloadOptions workload,
        IEnumerable<ScheduledFault> faults, TimeSpan safetyPhase, TimeSpan? livenessBound = null,
        TimeSpan? convergeBound = null, LatencyDistribution? latency = null, TimeSpan? digestSampleInterval = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a scenario needs a name", nameof(name));
        if (regions.Count < 1) throw new ArgumentException("a scenario needs at least one region", nameof(regions));
        if (regions.Distinct().Count() != regions.Count) throw new ArgumentException("region names must be distinct", nameof(regions));
        if (!Enum.IsDefined(topology)) throw new ArgumentException($"unknown topology {topology}", nameof(topology));
        if (!(workload.RatePerRegion >= 0) || double.IsInfinity(workload.RatePerRegion))
            throw new ArgumentException("the rate must be a finite number >= 0", nameof(workload));
        if (workload.WeightOverrides.Values.Any(w => !(w >= 0) || double.IsInfinity(w)))
            throw new ArgumentException("action weights must be finite and >= 0", nameof(workload));
        if (safetyPhase <= TimeSpan.Zero) throw new ArgumentException("the duration must be positive", nameof(safetyPhase));
        var bound = livenessBound ?? TimeSpan.FromMinutes(30);
        if (bound <= TimeSpan.Zero) throw new ArgumentException("the liveness bound must be positive", nameof(livenessBound));
        if (convergeBound is { } c && c <= TimeSpan.Zero) throw new ArgumentException("the converge bound must be positive", nameof(convergeBound));
        // Digests cost O(state) per region: about 300 samples per run, at least a second apart.
        var sample = digestSampleInterval ?? TimeSpan.FromMilliseconds(Math.Max(1000, Math.Round(safetyPhase.TotalMilliseconds / 300)));
        if (sample < TimeSpan.FromMilliseconds(1)) throw new ArgumentException("the digest sample interval must be at least 1 ms", nameof(digestSampleInterval));

        var links = ReplicationLink.Of(topology, regions.Count);
        bool Linked(RegionId from, RegionId to) =>
            links.Any(l => regions[l.From] == from && regions[l.To] == to);
        var ordered = faults.OrderBy(f => f.At).ThenBy(f => f.Id).ToArray();
        if (ordered.Select(f => f.Id).Distinct().Count() != ordered.Length) throw new ArgumentException("fault ids must be distinct", nameof(faults));
        foreach (var fault in ordered)
        {
            if (fault.At < TimeSpan.Zero || fault.Duration <= TimeSpan.Zero)
                throw new ArgumentException($"fault {fault}: needs a start >= 0 and a positive duration", nameof(faults));
            foreach (var region in fault.Fault.Regions)
            {
                if (!regions.Contains(region)) throw new ArgumentException($"fault {fault}: unknown region '{region}'", nameof(faults));
            }
            if (fault.Fault is FlappingLinkFault flap && (flap.DownFor <= TimeSpan.Zero || flap.UpFor <= TimeSpan.Zero))
                throw new ArgumentException($"fault {fault}: flapping needs positive up and down times", nameof(faults));
            if (fault.Fault is BandwidthFault squeeze && squeeze.RateKBps <= 0)
                throw new ArgumentException($"fault {fault}: a bandwidth squeeze needs a rate above 0 KB/s", nameof(faults));
            // A fault on a pair the topology does not connect would silently do nothing.
            var (from, to, bothWays) = fault.Fault switch
            {
                PartitionFault p => (p.A, p.B, true),
                FlappingLinkFault f => (f.A, f.B, true),
                LinkLatencyFault l => (l.From, l.To, false),
                BandwidthFault w => (w.From, w.To, false),
                BlackholeFault h => (h.A, h.B, true),
                ResetPeerFault r => (r.A, r.B, true),
                _ => (default(RegionId), default(RegionId), false),
            };
            if (from.Value is not null && (from == to || !(Linked(from, to) || (bothWays && Linked(to, from)))))
                throw new ArgumentException(
                    $"fault {fault}: {from} and {to} are not linked in a {topology.ToString().ToLowerInvariant()} of {regions.Count}", nameof(faults));
        }

        return new Scenario(name, seed, regions.ToArray(), topology, workload, ordered, safetyPhase, bound, convergeBound,
            latency ?? LatencyDistribution.ForWriteRate(workload.RatePerRegion), sample);
    }

    public override string ToString() =>
        $"{Name} seed={Seed} regions={string.Join(",", Regions)} topology={Topology.ToString().ToLowerInvariant()} " +
        $"duration={DurationText.Format(SafetyPhase)} workload={Workload} faults={Faults.Count}";
}
