using Convergence.Domain.Envelope;
using Convergence.Domain.Modules;
using Convergence.Domain.Views;

namespace Convergence.Domain.Projection;

/// <summary>
/// The expected read model as a declarative function of the event set: what every region must
/// show once it has received exactly these events, whatever their order or repetition (law L3).
/// </summary>
public static class Spec
{
    /// <summary>The expected view of the modules that state a spec; repeats in <paramref name="events"/> are ignored.</summary>
    public static ReadModelView Of(DomainCatalog catalog, IEnumerable<EventEnvelope> events)
    {
        var set = events.DistinctBy(e => e.Id).ToArray();
        var identity = catalog.Modules.Select(m => m.SpecIdentity(set)).FirstOrDefault(f => f is not null) ?? (u => u);
        var context = new ViewContext(identity);
        var view = new ViewBuilder();
        foreach (var module in catalog.Modules.Where(m => m.HasSpec))
        {
            view.EnterModule(module.Name);
            module.DescribeSpec(set, context, view);
        }
        return view.Build();
    }

    /// <summary>The names of the modules a spec covers; compare a region's view restricted to these.</summary>
    public static IReadOnlySet<string> CoveredModules(DomainCatalog catalog) =>
        catalog.Modules.Where(m => m.HasSpec).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
}
