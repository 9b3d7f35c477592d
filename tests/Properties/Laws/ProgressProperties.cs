using Convergence.Domain.Projection;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Laws;

/// <summary>L4: no handler throws, on any delivery order, with or without repeats or gaps.</summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 150)]
public sealed class ProgressProperties
{
    [Property]
    public Property No_handler_throws_on_any_order_with_repeats(Redelivery r) => Folds(r.Case.History, r.Case.OrderB);

    [Property]
    public Property No_handler_throws_on_a_partial_delivery(PartialDelivery p) => Folds(p.Case.History, p.Case.OrderA);

    [Property]
    public Property A_snapshot_is_unaffected_by_later_deliveries(DeliveryCase c)
    {
        var half = c.OrderA.Count / 2;
        var model = ReadModel.FromDeliveries(c.History.Catalog, c.History.InOrder(c.OrderA.Take(half)));
        var before = model.ToView();
        var snapshot = model.Clone();
        foreach (var e in c.History.InOrder(c.OrderA.Skip(half))) model.Apply(e);
        return snapshot.ToView().Equals(before).Label(c.ToString());
    }

    private static Property Folds(ConcurrentHistory history, IReadOnlyList<int> order)
    {
        try
        {
            ReadModel.FromDeliveries(history.Catalog, history.InOrder(order)).ToView();
            return true.ToProperty();
        }
        catch (Exception e)
        {
            return false.Label($"L4 progress: {e.GetType().Name}: {e.Message}\n{history}");
        }
    }
}
