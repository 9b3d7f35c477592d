using Convergence.Domain.Modules;
using Convergence.Domain.Workload;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Testing.Histories;

/// <summary>
/// FsCheck generators and arbitraries for concurrent multi-region histories of any domain, with real shrinkers: a
/// failure shrinks to the fewest events, regions and redeliveries. FsCheck 3 has no global registry; expose the ones a
/// test class needs from a static class of your own and name it in <c>[Properties(Arbitrary = ...)]</c>.
/// </summary>
/// <example>
/// <code>
/// public static class VisitArbitraries
/// {
///     private static readonly DomainCatalog Domain = DomainCatalog.SocialNetwork().With(new VisitModule());
///     public static Arbitrary&lt;DeliveryCase&gt; TwoOrders() =&gt; HistoryArbitraries.TwoOrders(Domain);
/// }
/// </code>
/// </example>
public static class HistoryArbitraries
{
    /// <summary>Histories of 2–5 regions and up to 40 client actions, each region acting on what it has seen.</summary>
    public static Arbitrary<ConcurrentHistory> Histories(DomainCatalog domain) => Arb.From(HistoryGen(domain), ShrinkHistory);

    /// <summary>Two permutations of the same events (law L1).</summary>
    public static Arbitrary<DeliveryCase> TwoOrders(DomainCatalog domain) => Arb.From(TwoOrdersGen(domain), c => c.ShrinkCandidates());

    /// <summary>One permutation, and the same with events delivered again: a projector replaying from an older checkpoint (law L2).</summary>
    public static Arbitrary<Redelivery> Redeliveries(DomainCatalog domain) =>
        Arb.From(RedeliveryGen(domain), r => r.Case.ShrinkCandidates().Select(c => new Redelivery(c)));

    /// <summary>Some of the events (a region that has not received everything yet), in two orders.</summary>
    public static Arbitrary<PartialDelivery> PartialDeliveries(DomainCatalog domain) =>
        Arb.From(PartialGen(domain), p => p.Case.ShrinkCandidates().Select(c => new PartialDelivery(c)));

    /// <param name="domain">The modules whose client actions generate the events.</param>
    /// <param name="wild">About half of the client-proposed events turned into well-formed but client-implausible ones
    /// (references to anything, hostile ids): handlers and specs that trust the clients fail on these.</param>
    public static Gen<ConcurrentHistory> HistoryGen(DomainCatalog domain, bool wild = false) =>
        from regions in Gen.Choose(2, 5)
        from actions in Gen.Sized(size => Gen.Choose(2, Math.Clamp(size + 8, 8, 40)))
        from batch in Gen.Choose(1, 4)
        from swarm in Gen.Elements(true, false)
        from seed in SeedGen
        select HistoryGenerator.Generate(domain,
            new HistoryOptions { Regions = regions, Actions = actions, MaxDeliveryBatch = batch, Swarm = swarm, Wild = wild }, seed);

    public static Gen<DeliveryCase> TwoOrdersGen(DomainCatalog domain, bool wild = false) =>
        from history in HistoryGen(domain, wild)
        from seedA in SeedGen
        from seedB in SeedGen
        select new DeliveryCase(history, Permutation(history.Count, seedA), Permutation(history.Count, seedB));

    public static Gen<Redelivery> RedeliveryGen(DomainCatalog domain) =>
        from history in HistoryGen(domain)
        from seedA in SeedGen
        from seedB in SeedGen
        let order = Permutation(history.Count, seedA)
        select new Redelivery(new DeliveryCase(history, order, WithRedeliveries(order, seedB)));

    public static Gen<PartialDelivery> PartialGen(DomainCatalog domain) =>
        from history in HistoryGen(domain)
        from seedA in SeedGen
        from seedB in SeedGen
        let subset = Subset(history.Count, seedA)
        select new PartialDelivery(new DeliveryCase(history, subset, Shuffled(subset, seedB)));

    /// <summary>One event fewer, then one region fewer (merged into the first).</summary>
    public static IEnumerable<ConcurrentHistory> ShrinkHistory(ConcurrentHistory history)
    {
        for (var i = history.Count - 1; i >= 0; i--) yield return history.Without(i);
        for (var r = history.Regions.Count - 1; r > 0; r--)
            yield return history.WithRegionMerged(history.Regions[r], history.Regions[0]);
    }

    /// <summary>A permutation of 0..count-1 drawn from <paramref name="seed"/>.</summary>
    public static int[] Permutation(int count, ulong seed) => Shuffled(Enumerable.Range(0, count).ToArray(), seed);

    private static Gen<ulong> SeedGen =>
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        select ((ulong)(uint)high << 32) | (uint)low;

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
