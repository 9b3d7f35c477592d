using Convergence.Domain.Identity;
using Convergence.Domain.Workload;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;

namespace Convergence.Simulator.Scenarios;

/// <summary>
/// The named scenarios: a scenario is a pure function of (name, seed, overrides), so the seed
/// alone replays it. Fault windows are placed as fractions of the safety phase, so they scale
/// with <c>--duration</c>; regions are named by position (<see cref="RegionNames"/>).
/// </summary>
public static class ScenarioCatalog
{
    public const int DefaultRegions = 3;
    public const double DefaultRate = 20;
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);

    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["steady", "partition", "flapping", "crash", "restart", "swarm", "mixed"];

    /// <summary>A one-line description per scenario, for help texts.</summary>
    public static string Describe(string name) => name switch
    {
        "steady" => "no faults: the baseline lag of the link model",
        "partition" => "the last region is isolated from 25% to 65% of the run, then healed",
        "flapping" => "the link between the first two regions goes down 2 s / up 3 s from 20% to 80% of the run",
        "crash" => "every region's projector crashes once for 1 s and resumes from its last checkpoint",
        "restart" => "the second region's replica restarts (replication stops 5 s, resumes from checkpoints)",
        "swarm" => "regions, topology, rate, duration and a mix of faults all drawn from the seed",
        "mixed" => "one fault after another, kinds drawn from the seed: partition, isolate, latency, bandwidth, flapping, reset-peer, projector crash, replica restart",
        _ => "unknown",
    };

    /// <summary>Builds the named scenario; throws <see cref="ArgumentException"/> with one readable line on bad input.</summary>
    public static Scenario Create(string name, ulong seed, ScenarioOverrides? overrides = null)
    {
        overrides ??= ScenarioOverrides.None;
        if (overrides.Regions is { } r && (r < 2 || r > RegionNames.Max))
            throw new ArgumentException($"--regions must be between 2 and {RegionNames.Max}, got {r}");
        if (overrides.Duration is { } d && (d < TimeSpan.FromSeconds(1) || d > TimeSpan.FromDays(7)))
            throw new ArgumentException($"--duration must be between 1s and 7 days, got {DurationText.Format(d)}");
        if (overrides.Rate is { } rate && (!(rate > 0) || rate > 10_000))
            throw new ArgumentException($"--rate must be > 0 and <= 10000 actions/s per region, got {rate}");
        if (overrides.LivenessBound is { } liveness && liveness <= TimeSpan.Zero)
            throw new ArgumentException($"the liveness bound must be positive, got {DurationText.Format(liveness)}");
        if (overrides.ConvergeBound is { } bound && bound <= TimeSpan.Zero)
            throw new ArgumentException($"--converge-within must be positive, got {DurationText.Format(bound)}");

        if (overrides.InvariantBounds?.FirstOrDefault(b => b.Value <= TimeSpan.Zero) is { Key: not null } badBound)
            throw new ArgumentException($"--bound {badBound.Key} must be positive");

        var schedule = SeededRandom.Derive(seed, "schedule");
        var scenario = name switch
        {
            "steady" => Build(name, seed, overrides, DefaultRegions, DefaultDuration, DefaultRate, Topology.Mesh, (_, _, _) => []),
            "partition" => Build(name, seed, overrides, DefaultRegions, DefaultDuration, DefaultRate, Topology.Mesh,
                (regions, d, _) => [new ScheduledFault(1, d * 0.25, d * 0.40, new IsolateFault(regions[^1]))]),
            "flapping" => Build(name, seed, overrides, DefaultRegions, DefaultDuration, DefaultRate, Topology.Mesh,
                (regions, d, _) => [new ScheduledFault(1, d * 0.2, d * 0.6,
                    new FlappingLinkFault(regions[0], regions[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)))]),
            "crash" => Build(name, seed, overrides, DefaultRegions, DefaultDuration, DefaultRate, Topology.Mesh,
                (regions, d, _) => regions.Select((region, i) => new ScheduledFault(i + 1,
                    d * (0.1 + 0.7 * schedule.NextDouble()), TimeSpan.FromSeconds(1), new ProjectorCrashFault(region))).ToArray()),
            "restart" => Build(name, seed, overrides, DefaultRegions, DefaultDuration, DefaultRate, Topology.Mesh,
                (regions, d, _) => [new ScheduledFault(1, d * 0.3, TimeSpan.FromSeconds(5), new ReplicaRestartFault(regions[1]))]),
            "swarm" => Swarm(seed, overrides),
            "mixed" => Build(name, seed, overrides, DefaultRegions, DefaultDuration, DefaultRate, Topology.Mesh,
                (regions, d, links) => Mixed(SeededRandom.Derive(seed, "mixed"), regions, d, links)),
            _ => throw new ArgumentException($"unknown scenario '{name}' (known: {string.Join(", ", Names)})"),
        };
        return overrides.InvariantBounds is { Count: > 0 } bounds ? scenario with { InvariantBounds = bounds } : scenario;
    }

    private static Scenario Build(
        string name, ulong seed, ScenarioOverrides overrides, int regions, TimeSpan duration, double rate, Topology topology,
        Func<IReadOnlyList<RegionId>, TimeSpan, IReadOnlyList<ReplicationLink>, IReadOnlyList<ScheduledFault>> faults)
    {
        var regionIds = RegionNames.First(overrides.Regions ?? regions);
        var safety = overrides.Duration ?? duration;
        var workload = WorkloadOptions.AtRate(overrides.Rate ?? rate);
        var finalTopology = overrides.Topology ?? topology;
        return Scenario.Create(name, seed, regionIds, finalTopology, workload,
            faults(regionIds, safety, ReplicationLink.Of(finalTopology, regionIds.Count)).Select(f => f with { At = Round(f.At), Duration = Round(f.Duration) }),
            safety, livenessBound: overrides.LivenessBound, convergeBound: overrides.ConvergeBound);
    }

    /// <summary>
    /// TigerBeetle's swarm testing: the world itself comes from the seed. Every draw is made
    /// whether or not an override replaces it, so an override equal to the drawn value changes nothing.
    /// </summary>
    private static Scenario Swarm(ulong seed, ScenarioOverrides overrides)
    {
        var random = SeededRandom.Derive(seed, "swarm");
        var drawnRegions = 2 + random.Next(5);
        var drawnTopology = (Topology)random.Next(3);
        var drawnRate = 5 + random.Next(46);
        var drawnDuration = TimeSpan.FromSeconds(20 + random.Next(101));
        var faultCount = 1 + random.Next(7);
        return Build("swarm", seed, overrides, drawnRegions, drawnDuration, drawnRate, drawnTopology, (regions, d, links) =>
        {
            var faults = new List<ScheduledFault>();
            for (var id = 1; id <= faultCount; id++)
            {
                var at = d * (0.9 * random.NextDouble());
                var window = Seconds(1 + random.NextDouble() * Math.Max(1, d.TotalSeconds * 0.5 - 1));
                // Pair faults act on a replicating pair of the topology (a ring or star has no link between some pairs).
                var link = links[random.Next(links.Count)];
                var a = regions[link.From];
                var b = regions[link.To];
                Fault fault = random.Next(6) switch
                {
                    0 => new PartitionFault(a, b),
                    1 => new IsolateFault(a),
                    2 => LatencyOf(random, a, b),
                    3 => new FlappingLinkFault(a, b, Seconds(0.5 + 4.5 * random.NextDouble()), Seconds(0.5 + 4.5 * random.NextDouble())),
                    4 => new ProjectorCrashFault(a),
                    _ => new ReplicaRestartFault(a),
                };
                if (fault is ProjectorCrashFault) window = Seconds(0.1 + 2.9 * random.NextDouble());
                if (fault is ReplicaRestartFault) window = Seconds(1 + 9 * random.NextDouble());
                faults.Add(new ScheduledFault(id, at, window, fault));
            }
            return faults;
        });
    }

    /// <summary>
    /// The whole fault vocabulary of the live engine in one run: one fault per slot of 10%–85% of the run (about one
    /// per 10 s, 2 to 8), in a seeded order of the eight kinds, each over a seeded link of the topology. Slots do not
    /// overlap, so every heal's time to converge is measured on its own.
    /// </summary>
    private static IReadOnlyList<ScheduledFault> Mixed(
        SeededRandom random, IReadOnlyList<RegionId> regions, TimeSpan d, IReadOnlyList<ReplicationLink> links)
    {
        const int kinds = 8;
        var order = Enumerable.Range(0, kinds).ToArray();
        for (var i = kinds - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var count = Math.Clamp((int)Math.Round(d.TotalSeconds / 10), 2, kinds);
        var slot = d * (0.75 / count);
        var faults = new List<ScheduledFault>();
        for (var k = 0; k < count; k++)
        {
            var link = links[random.Next(links.Count)];
            var a = regions[link.From];
            var b = regions[link.To];
            var window = slot * (0.5 + 0.3 * random.NextDouble());
            Fault fault = order[k] switch
            {
                0 => new PartitionFault(a, b),
                1 => new IsolateFault(a),
                2 => LatencyOf(random, a, b),
                3 => new BandwidthFault(a, b, 1 + random.Next(8)),
                4 => new FlappingLinkFault(a, b, Seconds(1 + random.NextDouble()), Seconds(1 + 2 * random.NextDouble())),
                5 => new ResetPeerFault(a, b),
                6 => new ProjectorCrashFault(a),
                _ => new ReplicaRestartFault(a),
            };
            if (fault is ProjectorCrashFault) window = Seconds(Math.Min(window.TotalSeconds, 0.5 + 1.5 * random.NextDouble()));
            faults.Add(new ScheduledFault(k + 1, d * 0.1 + slot * k, window, fault));
        }
        return faults;
    }

    private static LinkLatencyFault LatencyOf(SeededRandom random, RegionId from, RegionId to)
    {
        var median = TimeSpan.FromMilliseconds(50 + random.Next(1950));
        return new LinkLatencyFault(from, to, new LatencyDistribution(median, median * (2 + 2 * random.NextDouble())));
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));

    // Millisecond precision keeps schedules readable in summaries and identical across platforms.
    private static TimeSpan Round(TimeSpan t) => TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(t.TotalMilliseconds)));
}
