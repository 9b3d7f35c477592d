using Convergence.Domain.Modules;
using Convergence.Domain.Workload;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Properties.Tests.Generators;

/// <summary>
/// FsCheck arbitraries for concurrent histories of the convergent social network, with real
/// shrinkers: a failure shrinks to the fewest events, regions and redeliveries.
/// </summary>
public static class HistoryArbitraries
{
    public static Arbitrary<ConcurrentHistory> Histories() => Arb.From(HistoryGen(Catalogs.Convergent), ShrinkHistory);

    /// <summary>Two permutations of the same events.</summary>
    public static Arbitrary<DeliveryCase> TwoOrders() => Arb.From(TwoOrdersGen(Catalogs.Convergent), c => c.ShrinkCandidates());

    /// <summary>One permutation, and the same with events delivered again (a projector replaying from an older checkpoint).</summary>
    public static Arbitrary<Redelivery> Redeliveries() =>
        Arb.From(RedeliveryGen(Catalogs.Convergent), r => r.Case.ShrinkCandidates().Select(c => new Redelivery(c)));

    /// <summary>Some of the events (a region that has not received everything yet), in some order.</summary>
    public static Arbitrary<PartialDelivery> PartialDeliveries() =>
        Arb.From(PartialGen(Catalogs.Convergent), p => p.Case.ShrinkCandidates().Select(c => new PartialDelivery(c)));

    /// <summary>Two orders of a wild history: well-formed but client-implausible events (see <see cref="WildEvents"/>).</summary>
    public static Arbitrary<WildCase> WildCases() =>
        Arb.From(TwoOrdersGen(Catalogs.Convergent, wild: true).Select(c => new WildCase(c)), w => w.Case.ShrinkCandidates().Select(c => new WildCase(c)));

    public static Gen<ConcurrentHistory> HistoryGen(DomainCatalog catalog, bool wild = false) =>
        from regions in Gen.Choose(2, 5)
        from actions in Gen.Sized(size => Gen.Choose(2, Math.Clamp(size + 8, 8, 40)))
        from batch in Gen.Choose(1, 4)
        from swarm in Gen.Elements(true, false)
        from seed in SeedGen
        select HistoryGenerator.Generate(catalog,
            new HistoryOptions { Regions = regions, Actions = actions, MaxDeliveryBatch = batch, Swarm = swarm, Wild = wild }, seed);

    public static Gen<DeliveryCase> TwoOrdersGen(DomainCatalog catalog, bool wild = false) =>
        from history in HistoryGen(catalog, wild)
        from seedA in SeedGen
        from seedB in SeedGen
        select new DeliveryCase(history, Permutation(history.Count, seedA), Permutation(history.Count, seedB));

    public static Gen<Redelivery> RedeliveryGen(DomainCatalog catalog) =>
        from history in HistoryGen(catalog)
        from seedA in SeedGen
        from seedB in SeedGen
        let order = Permutation(history.Count, seedA)
        select new Redelivery(new DeliveryCase(history, order, WithRedeliveries(order, seedB)));

    public static Gen<PartialDelivery> PartialGen(DomainCatalog catalog) =>
        from history in HistoryGen(catalog)
        from seedA in SeedGen
        from seedB in SeedGen
        let subset = Subset(history.Count, seedA)
        select new PartialDelivery(new DeliveryCase(history, subset, Shuffled(subset, seedB)));

    public static IEnumerable<ConcurrentHistory> ShrinkHistory(ConcurrentHistory history)
    {
        for (var i = history.Count - 1; i >= 0; i--) yield return history.Without(i);
        for (var r = history.Regions.Count - 1; r > 0; r--)
            yield return history.WithRegionMerged(history.Regions[r], history.Regions[0]);
    }

    private static Gen<ulong> SeedGen =>
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        select ((ulong)(uint)high << 32) | (uint)low;

    public static int[] Permutation(int count, ulong seed) => Shuffled(Enumerable.Range(0, count).ToArray(), seed);

    private static int[] Shuffled(IReadOnlyList<int> items, ulong seed)
    {
        var random = new SeededRandom(seed);
        var result = items.ToArray();
        for (var i = result.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    private static int[] Subset(int count, ulong seed)
    {
        var random = new SeededRandom(seed);
        return Shuffled(Enumerable.Range(0, count).Where(_ => random.Next(3) != 0).ToArray(), seed + 1);
    }

    /// <summary>The order with a random suffix replayed, as after a restart from an older checkpoint, plus scattered repeats.</summary>
    private static int[] WithRedeliveries(int[] order, ulong seed)
    {
        var random = new SeededRandom(seed);
        var result = new List<int>(order);
        if (order.Length == 0) return [];
        var checkpoint = random.Next(order.Length);
        result.AddRange(order.Skip(checkpoint));
        for (var i = 0; i < 1 + order.Length / 4; i++) result.Insert(random.Next(result.Count + 1), order[random.Next(order.Length)]);
        return result.ToArray();
    }
}

/// <summary>Two orders of a history whose events are well-formed but client-implausible.</summary>
public sealed record WildCase(DeliveryCase Case)
{
    public override string ToString() => Case.ToString();
}

/// <summary>A delivery order and the same events with repeats (law L2).</summary>
public sealed record Redelivery(DeliveryCase Case)
{
    public override string ToString() => Case.ToString();
}

/// <summary>A subset of a history's events in two orders (what a lagging region has).</summary>
public sealed record PartialDelivery(DeliveryCase Case)
{
    public override string ToString() => Case.ToString();
}
