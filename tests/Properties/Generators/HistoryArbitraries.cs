using Convergence.Domain.Modules;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using Shared = Convergence.Testing.Histories.HistoryArbitraries;

namespace Convergence.Properties.Tests.Generators;

/// <summary>
/// The social network's arbitraries for these properties: the generators teams get from Convergence.Testing
/// (<see cref="Shared"/>), on <see cref="Catalogs.Convergent"/>.
/// </summary>
public static class HistoryArbitraries
{
    public static Arbitrary<ConcurrentHistory> Histories() => Shared.Histories(Catalogs.Convergent);

    /// <summary>Two permutations of the same events.</summary>
    public static Arbitrary<DeliveryCase> TwoOrders() => Shared.TwoOrders(Catalogs.Convergent);

    /// <summary>One permutation, and the same with events delivered again (a projector replaying from an older checkpoint).</summary>
    public static Arbitrary<Redelivery> Redeliveries() => Shared.Redeliveries(Catalogs.Convergent);

    /// <summary>Some of the events (a region that has not received everything yet), in some order.</summary>
    public static Arbitrary<PartialDelivery> PartialDeliveries() => Shared.PartialDeliveries(Catalogs.Convergent);

    /// <summary>Two orders of a wild history: well-formed but client-implausible events (see <see cref="WildEvents"/>).</summary>
    public static Arbitrary<WildCase> WildCases() =>
        Arb.From(TwoOrdersGen(Catalogs.Convergent, wild: true).Select(c => new WildCase(c)), w => w.Case.ShrinkCandidates().Select(c => new WildCase(c)));

    public static Gen<DeliveryCase> TwoOrdersGen(DomainCatalog catalog, bool wild = false) => Shared.TwoOrdersGen(catalog, wild);

    public static int[] Permutation(int count, ulong seed) => Shared.Permutation(count, seed);
}

/// <summary>Two orders of a history whose events are well-formed but client-implausible.</summary>
public sealed record WildCase(DeliveryCase Case)
{
    public override string ToString() => Case.ToString();
}
