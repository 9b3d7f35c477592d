using Convergence.Domain.Projection;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Testing.Histories;

/// <summary>The order laws as FsCheck properties of one generated case; a failure's label is the readable counterexample.</summary>
public static class HistoryProperties
{
    /// <summary>L1 (and L2 on a <see cref="Redelivery"/>): both delivery orders yield the same view.</summary>
    public static Property OrderIndependence(DeliveryCase c)
    {
        var a = c.ViewA();
        var b = c.ViewB();
        return a.Equals(b).Label("L1 order independence\n" + c.Describe(a, b));
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
