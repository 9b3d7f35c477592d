using Convergence.Domain.Projection;
using Convergence.Domain.Views;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Testing.Histories;

/// <summary>The order laws as FsCheck properties of one generated case; a failure's label is the readable counterexample.</summary>
public static class HistoryProperties
{
    /// <summary>
    /// L1 (and L2 on a <see cref="Redelivery"/>) at both comparison levels: both delivery orders yield the same view
    /// (what users see) and the same state (what decides future behaviour).
    /// </summary>
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

    /// <summary>L3: the view built in order A equals the modules' spec of the events delivered.</summary>
    public static Property SpecAgreement(DeliveryCase c)
    {
        var catalog = c.History.Catalog;
        var built = c.ViewA().OnlyModules(Spec.CoveredModules(catalog));
        var expected = Spec.Of(catalog, c.DeliveriesA);
        return built.Equals(expected).Label("L3 spec agreement\n" + c.Describe() + "\n  built vs spec: " + built.DiffTo(expected).Describe(8));
    }
}
