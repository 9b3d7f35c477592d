using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Laws;

/// <summary>L1: any two delivery orders of the same events give the same read model.</summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 150)]
public sealed class OrderIndependenceProperties
{
    [Property]
    public Property Any_two_delivery_orders_give_the_same_view(DeliveryCase c) =>
        LawChecks.OrderIndependence(c).WithRaces(c.History, c.OrderA);

    /// <summary>The same law on more cases, with how many distinct races each case held (per-race counts: RaceCoverageTests).</summary>
    [Property(MaxTest = 500)]
    public Property Race_distribution_of_order_independence(DeliveryCase c)
    {
        var races = Races.In(c.History, c.OrderA);
        return LawChecks.OrderIndependence(c).Collect($"{races.Count} races");
    }

    [Property]
    public Property Every_region_ends_with_the_same_view(ConcurrentHistory history)
    {
        var digests = history.RegionOrders.Values.Select(order => LawChecks.ViewOf(history, order).Digest).Distinct().Count();
        return (digests == 1).Label($"{digests} different views across {history.Regions.Count} regions\n{history}");
    }

    [Property]
    public Property Reversed_delivery_gives_the_same_view(ConcurrentHistory history)
    {
        var forward = Enumerable.Range(0, history.Count).ToArray();
        return LawChecks.OrderIndependence(new DeliveryCase(history, forward, forward.Reverse().ToArray()));
    }

    [Property]
    public Property Issue_order_and_any_other_order_agree(DeliveryCase c) =>
        LawChecks.OrderIndependence(c with { OrderB = Enumerable.Range(0, c.History.Count).ToArray() });

    [Property]
    public Property A_partial_delivery_gives_the_same_view_in_any_order(PartialDelivery p) =>
        LawChecks.OrderIndependence(p.Case);
}
