using Convergence.Domain.Projection;
using Convergence.Domain.Views;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using Convergence.Testing.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Properties.Tests.Laws;

/// <summary>The laws as functions of one generated case, shared by the properties and the negative controls (the order laws are Convergence.Testing's).</summary>
public static class LawChecks
{
    /// <summary>L1 at both levels: both delivery orders yield the same view and the same state; the label is the readable counterexample.</summary>
    public static Property OrderIndependence(DeliveryCase c) => HistoryProperties.OrderIndependence(c);

    /// <summary>L1 at one comparison level.</summary>
    public static Property OrderIndependence(DeliveryCase c, ComparisonLevel level) => HistoryProperties.OrderIndependence(c, level);

    /// <summary>L0: no event id reached either order's projector with two different bodies.</summary>
    public static Property EventIdentity(DeliveryCase c) => HistoryProperties.EventIdentity(c);

    /// <summary>L3: the view built in order A equals Spec of the events delivered.</summary>
    public static Property SpecAgreement(DeliveryCase c) => HistoryProperties.SpecAgreement(c);

    public static Property WithRaces(this Property property, ConcurrentHistory history, IReadOnlyList<int> order)
    {
        var races = Races.In(history, order);
        foreach (var race in Races.All) property = property.Classify(races.Contains(race), race);
        return property;
    }

    public static ReadModelView ViewOf(ConcurrentHistory history, IEnumerable<int> order) =>
        ReadModel.FromDeliveries(history.Catalog, history.InOrder(order)).ToView();
}
