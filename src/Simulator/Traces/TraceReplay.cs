using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Views;
using Convergence.Simulator.Histories;

namespace Convergence.Simulator.Traces;

/// <summary>What re-running a trace's delivery orders showed.</summary>
/// <param name="Digests">Each region's view and state digests after folding its order, in trace order.</param>
/// <param name="Counterexample">When two regions' orders disagree: the two orders shrunk to a minimal case.</param>
/// <param name="Level">The comparison level at which they disagree.</param>
/// <param name="Shrinks">How many shrink steps the counterexample took.</param>
/// <param name="IdentityConflicts">Event ids that some region was delivered with two different bodies (law L0).</param>
public sealed record TraceReplayResult(
    IReadOnlyList<(string Region, string ViewDigest, string StateDigest)> Digests,
    DeliveryCase? Counterexample,
    ComparisonLevel? Level,
    int Shrinks,
    IReadOnlyList<IdentityConflict> IdentityConflicts)
{
    public bool Agrees => Counterexample is null && IdentityConflicts.Count == 0;
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
        if (trace.Regions.Count == 0) throw new ArgumentException("the trace holds no region: there is nothing to replay", nameof(trace));
        var models = trace.Regions.Select(r => ReadModel.FromDeliveries(catalog, r.Order.Select(i => trace.Events[i]))).ToArray();
        var views = models.Select(m => m.ToView()).ToArray();
        var states = models.Select(m => m.ToState()).ToArray();
        var digests = trace.Regions.Select((r, i) => (r.Region, views[i].Digest, states[i].Digest)).ToArray();
        var conflicts = models.SelectMany(m => m.IdentityConflicts).DistinctBy(c => c.Id).ToArray();
        var level = ComparisonLevel.View;
        var other = Array.FindIndex(views, v => !v.Equals(views[0]));
        if (other < 0)
        {
            level = ComparisonLevel.State;
            other = Array.FindIndex(states, s => !s.Equals(states[0]));
        }
        if (other < 0) return new TraceReplayResult(digests, null, null, 0, conflicts);

        var noPast = new HashSet<EventId>();
        var history = new ConcurrentHistory(catalog,
            trace.Regions.Select(r => new RegionId(r.Region)).ToArray(),
            trace.Events.Select(e => new HistoryEvent(e, noPast)).ToArray(),
            trace.Regions.ToDictionary(r => new RegionId(r.Region), r => r.Order));
        var diverging = new DeliveryCase(history, trace.Regions[0].Order, trace.Regions[other].Order);
        var (shrunk, steps) = Shrinker.Shrink(diverging, c => c.ChunkedShrinkCandidates(), c => c.DisagreesAt() == level);
        return new TraceReplayResult(digests, shrunk, level, steps, conflicts);
    }
}
