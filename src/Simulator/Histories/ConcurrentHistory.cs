using System.Text;
using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;

namespace Convergence.Simulator.Histories;

/// <summary>
/// A set of events issued concurrently by clients in several regions, in issue order, together
/// with the order in which each region received them while the history was generated.
/// </summary>
public sealed class ConcurrentHistory
{
    public ConcurrentHistory(DomainCatalog catalog, IReadOnlyList<RegionId> regions, IReadOnlyList<HistoryEvent> events,
        IReadOnlyDictionary<RegionId, IReadOnlyList<int>> regionOrders)
    {
        Catalog = catalog;
        Regions = regions;
        Events = events;
        RegionOrders = regionOrders;
    }

    public DomainCatalog Catalog { get; }

    public IReadOnlyList<RegionId> Regions { get; }

    public IReadOnlyList<HistoryEvent> Events { get; }

    /// <summary>Per region, the indexes into <see cref="Events"/> in the order that region applied them (each at most once).</summary>
    public IReadOnlyDictionary<RegionId, IReadOnlyList<int>> RegionOrders { get; }

    public int Count => Events.Count;

    public IEnumerable<EventEnvelope> Envelopes => Events.Select(e => e.Envelope);

    public IEnumerable<EventEnvelope> InOrder(IEnumerable<int> order) => order.Select(i => Events[i].Envelope);

    /// <summary>The same history without the event at <paramref name="index"/> (orders re-indexed).</summary>
    public ConcurrentHistory Without(int index) => Without(new HashSet<int> { index });

    /// <summary>The same history without the events at <paramref name="indexes"/> (orders re-indexed).</summary>
    public ConcurrentHistory Without(IReadOnlySet<int> indexes)
    {
        var events = Events.Where((_, i) => !indexes.Contains(i)).ToArray();
        var orders = RegionOrders.ToDictionary(p => p.Key, p => (IReadOnlyList<int>)Reindex(p.Value, indexes));
        return new ConcurrentHistory(Catalog, Regions, events, orders);
    }

    /// <summary>An order over this history's events with <paramref name="removed"/> dropped and the rest renumbered.</summary>
    public int[] Reindex(IReadOnlyList<int> order, IReadOnlySet<int> removed)
    {
        var newIndex = new int[Events.Count];
        for (int i = 0, next = 0; i < newIndex.Length; i++) newIndex[i] = removed.Contains(i) ? -1 : next++;
        return order.Where(i => newIndex[i] >= 0).Select(i => newIndex[i]).ToArray();
    }

    /// <summary>The same history with every event of <paramref name="from"/> issued by <paramref name="into"/> instead.</summary>
    public ConcurrentHistory WithRegionMerged(RegionId from, RegionId into)
    {
        var events = Events.Select(e => e.Envelope.Origin == from
            ? e with { Envelope = e.Envelope with { Origin = into } }
            : e).ToArray();
        var orders = RegionOrders.Where(p => p.Key != from).ToDictionary(p => p.Key, p => p.Value);
        return new ConcurrentHistory(Catalog, Regions.Where(r => r != from).ToArray(), events, orders);
    }

    /// <summary>The events as a readable list: <c>eu-1 PostCreated p-eu-1 by u-eu-2 @eu; …</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var e in Events)
        {
            if (text.Length > 0) text.Append("; ");
            text.Append(e.Envelope);
        }
        return text.ToString();
    }

    public override string ToString() => $"{Count} events in {Regions.Count} regions: {Describe()}";
}
