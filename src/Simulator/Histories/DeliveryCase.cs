using System.Text;
using Convergence.Domain.Envelope;
using Convergence.Domain.Projection;
using Convergence.Domain.Views;

namespace Convergence.Simulator.Histories;

/// <summary>
/// A history and two ways of delivering it (indexes into its events; an index may repeat, which is
/// a redelivery). The unit every order law is checked on, and what shrinking makes small.
/// </summary>
public sealed record DeliveryCase(ConcurrentHistory History, IReadOnlyList<int> OrderA, IReadOnlyList<int> OrderB)
{
    public IEnumerable<EventEnvelope> DeliveriesA => History.InOrder(OrderA);

    public IEnumerable<EventEnvelope> DeliveriesB => History.InOrder(OrderB);

    public ReadModelView ViewA() => ModelA().ToView();

    public ReadModelView ViewB() => ModelB().ToView();

    public ReadModel ModelA() => ReadModel.FromDeliveries(History.Catalog, DeliveriesA);

    public ReadModel ModelB() => ReadModel.FromDeliveries(History.Catalog, DeliveriesB);

    /// <summary>The first comparison level (view, then state) at which the two orders end differently; null when they agree at both.</summary>
    public ComparisonLevel? DisagreesAt() => Disagreement(ModelA(), ModelB());

    private static ComparisonLevel? Disagreement(ReadModel a, ReadModel b) =>
        !a.ToView().Equals(b.ToView()) ? ComparisonLevel.View
        : !a.ToState().Equals(b.ToState()) ? ComparisonLevel.State
        : null;

    /// <summary>Smaller cases that keep the shape: one event fewer, one region fewer, one redelivery fewer.</summary>
    public IEnumerable<DeliveryCase> ShrinkCandidates()
    {
        for (var i = History.Count - 1; i >= 0; i--)
        {
            var index = i;
            var removed = new HashSet<int> { index };
            yield return new DeliveryCase(History.Without(removed), History.Reindex(OrderA, removed), History.Reindex(OrderB, removed));
        }
        for (var r = History.Regions.Count - 1; r > 0; r--)
            yield return this with { History = History.WithRegionMerged(History.Regions[r], History.Regions[0]) };
        foreach (var order in new[] { OrderA, OrderB })
        {
            for (var i = order.Count - 1; i >= 0; i--)
            {
                if (order.Take(i).Contains(order[i]))
                {
                    var shorter = order.Where((_, j) => j != i).ToArray();
                    yield return ReferenceEquals(order, OrderA) ? this with { OrderA = shorter } : this with { OrderB = shorter };
                }
            }
        }
    }

    /// <summary>
    /// Delta debugging for long cases (a trace of thousands of events): drop halves, then quarters,
    /// … then single events, so a failure shrinks in about n log n tries instead of n².
    /// </summary>
    public IEnumerable<DeliveryCase> ChunkedShrinkCandidates()
    {
        for (var chunk = Math.Max(1, History.Count / 2); chunk >= 1; chunk /= 2)
        {
            for (var start = 0; start < History.Count; start += chunk)
            {
                var removed = Enumerable.Range(start, Math.Min(chunk, History.Count - start)).ToHashSet();
                yield return new DeliveryCase(History.Without(removed), History.Reindex(OrderA, removed), History.Reindex(OrderB, removed));
            }
            if (chunk == 1) break;
        }
        foreach (var candidate in ShrinkCandidates().Skip(History.Count)) yield return candidate;
    }

    /// <summary>
    /// The readable form used in counterexamples: the history, both orders, and how they differ at
    /// <paramref name="level"/> (by default the first level at which they differ, the view if none).
    /// </summary>
    public string Describe(ComparisonLevel? level = null)
    {
        var (modelA, modelB) = (ModelA(), ModelB());
        level ??= Disagreement(modelA, modelB) ?? ComparisonLevel.View;
        var text = new StringBuilder();
        text.Append("  history: ").Append(History.Describe()).Append('\n');
        text.Append("  order A: ").Append(OrderText(OrderA)).Append('\n');
        text.Append("  order B: ").Append(OrderText(OrderB)).Append('\n');
        var diff = modelA.At(level.Value).DiffTo(modelB.At(level.Value));
        text.Append("  diff (").Append(level == ComparisonLevel.View ? "view" : "state").Append("): ")
            .Append(diff.IsEmpty ? "none" : diff.Describe(8).Replace("\n", "\n           "));
        foreach (var conflict in modelA.IdentityConflicts.Concat(modelB.IdentityConflicts).DistinctBy(c => c.Id).Take(3))
            text.Append("\n  L0:      ").Append(conflict);
        return text.ToString();
    }

    public override string ToString() => "\n" + Describe();

    private string OrderText(IReadOnlyList<int> order) => string.Join(", ", order.Select(i => History.Events[i].Id));
}
