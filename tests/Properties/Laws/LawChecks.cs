using Convergence.Domain.Projection;
using Convergence.Domain.Views;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Properties.Tests.Laws;

/// <summary>The laws as functions of one generated case, shared by the properties and the negative controls.</summary>
public static class LawChecks
{
    /// <summary>L1 at both levels: both delivery orders yield the same view and the same state; the label is the readable counterexample.</summary>
    public static Property OrderIndependence(DeliveryCase c) =>
        OrderIndependence(c, ComparisonLevel.View).And(OrderIndependence(c, ComparisonLevel.State));

    /// <summary>L1 at one comparison level.</summary>
    public static Property OrderIndependence(DeliveryCase c, ComparisonLevel level)
    {
        var a = c.ModelA().At(level);
        var b = c.ModelB().At(level);
        return a.Equals(b).Label($"L1 order independence ({level})\n" + c.Describe(level));
    }

    /// <summary>L0: no event id reached either order's projector with two different bodies.</summary>
    public static Property EventIdentity(DeliveryCase c)
    {
        var conflicts = c.ModelA().IdentityConflicts.Concat(c.ModelB().IdentityConflicts).ToArray();
        return (conflicts.Length == 0).Label("L0 event identity: " + string.Join("; ", conflicts.Take(3)) + "\n" + c.Describe());
    }

    /// <summary>L3: the view built in order A equals Spec of the events delivered.</summary>
    public static Property SpecAgreement(DeliveryCase c)
    {
        var catalog = c.History.Catalog;
        var built = c.ViewA().OnlyModules(Spec.CoveredModules(catalog));
        var expected = Spec.Of(catalog, c.DeliveriesA);
        return built.Equals(expected).Label("L3 spec agreement\n" + c.Describe() + "\n  built vs spec: " + built.DiffTo(expected).Describe(8));
    }

    public static Property WithRaces(this Property property, ConcurrentHistory history, IReadOnlyList<int> order)
    {
        var races = Races.In(history, order);
        foreach (var race in Races.All) property = property.Classify(races.Contains(race), race);
        return property;
    }

    public static ReadModelView ViewOf(ConcurrentHistory history, IEnumerable<int> order) =>
        ReadModel.FromDeliveries(history.Catalog, history.InOrder(order)).ToView();
}
