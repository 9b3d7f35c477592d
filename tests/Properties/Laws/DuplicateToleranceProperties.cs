using Convergence.Domain.Projection;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Laws;

/// <summary>L2: delivering any events again, any number of times, changes nothing.</summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 150)]
public sealed class DuplicateToleranceProperties
{
    [Property]
    public Property Delivering_events_again_changes_nothing(Redelivery r) => LawChecks.OrderIndependence(r.Case);

    [Property]
    public Property Applying_every_event_twice_in_a_row_changes_nothing(DeliveryCase c) =>
        LawChecks.OrderIndependence(c with { OrderB = c.OrderA.SelectMany(i => new[] { i, i }).ToArray() });

    [Property]
    public Property Replaying_the_whole_log_after_a_restart_changes_nothing(ConcurrentHistory history)
    {
        var order = history.RegionOrders[history.Regions[0]];
        return LawChecks.OrderIndependence(new DeliveryCase(history, order, order.Concat(order).ToArray()));
    }

    [Property]
    public Property Resuming_from_a_snapshot_replays_to_the_same_view(DeliveryCase c, NonNegativeInt cut)
    {
        var order = c.OrderA;
        var checkpoint = order.Count == 0 ? 0 : cut.Item % (order.Count + 1);
        var model = new ReadModel(c.History.Catalog);
        foreach (var e in c.History.InOrder(order.Take(checkpoint))) model.Apply(e);
        var snapshot = model.Clone();
        foreach (var e in c.History.InOrder(order.Skip(checkpoint))) model.Apply(e);
        // The restarted projector resumes from the snapshot and sees everything after it again.
        foreach (var e in c.History.InOrder(order.Skip(checkpoint))) snapshot.Apply(e);
        return model.ToView().Equals(snapshot.ToView()).Label($"checkpoint after {checkpoint} deliveries\n{c}");
    }
}
