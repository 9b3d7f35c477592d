using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Simulator.Histories;

namespace Convergence.Simulator.Traces;

/// <summary>What re-running a trace's delivery orders showed.</summary>
/// <param name="Digests">Each region's digest after folding its order, in trace order.</param>
/// <param name="Counterexample">When two regions' orders disagree: the two orders shrunk to a minimal case.</param>
/// <param name="Shrinks">How many shrink steps the counterexample took.</param>
public sealed record TraceReplayResult(IReadOnlyList<(string Region, string Digest)> Digests, DeliveryCase? Counterexample, int Shrinks)
{
    public bool Agrees => Counterexample is null;
}

/// <summary>
/// Re-runs every region's recorded delivery order through the domain in-process; when two differ,
/// shrinks the pair of orders (fewer events, fewer regions) to a minimal readable counterexample,
/// so a divergence seen on real replicas becomes a small case.
/// </summary>
public static class TraceReplay
{
    public static TraceReplayResult Run(RunTrace trace, DomainCatalog catalog)
    {
        var digests = trace.Regions
            .Select(r => (r.Region, ReadModel.FromDeliveries(catalog, r.Order.Select(i => trace.Events[i])).ToView().Digest))
            .ToArray();
        var first = digests.Select((d, i) => (d, i)).FirstOrDefault(x => x.d.Digest != digests[0].Digest);
        if (first.d.Region is null) return new TraceReplayResult(digests, null, 0);

        var noPast = new HashSet<EventId>();
        var history = new ConcurrentHistory(catalog,
            trace.Regions.Select(r => new RegionId(r.Region)).ToArray(),
            trace.Events.Select(e => new HistoryEvent(e, noPast)).ToArray(),
            trace.Regions.ToDictionary(r => new RegionId(r.Region), r => r.Order));
        var diverging = new DeliveryCase(history, trace.Regions[0].Order, trace.Regions[first.i].Order);
        var (shrunk, steps) = Shrinker.Shrink(diverging, c => c.ChunkedShrinkCandidates(), c => !c.ViewA().Equals(c.ViewB()));
        return new TraceReplayResult(digests, shrunk, steps);
    }
}
