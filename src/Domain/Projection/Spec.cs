using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
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
        var set = EventSet(catalog, events);
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

    /// <summary>
    /// One body per event id, whatever the input order: where an id carries two different bodies
    /// (law L0 is broken and reported elsewhere) the least by timestamp, origin and encoded form is
    /// taken, so the spec still answers the same for every order of the same input.
    /// </summary>
    public static EventEnvelope[] EventSet(DomainCatalog catalog, IEnumerable<EventEnvelope> events)
    {
        EventCodec? codec = null;
        var byId = new Dictionary<EventId, EventEnvelope>();
        foreach (var e in events)
        {
            if (!byId.TryGetValue(e.Id, out var known)) byId.Add(e.Id, e);
            else if (!EventIdentityLedger.SameBody(known, e))
            {
                codec ??= new EventCodec(catalog);
                var order = known.Timestamp.CompareTo(e.Timestamp);
                if (order == 0) order = known.Origin.CompareTo(e.Origin);
                if (order == 0) order = string.CompareOrdinal(codec.Encode(known), codec.Encode(e));
                if (order > 0) byId[e.Id] = e;
            }
        }
        return [.. byId.Values.OrderBy(e => e.Id)];
    }

    /// <summary>The names of the modules a spec covers; compare a region's view restricted to these.</summary>
    public static IReadOnlySet<string> CoveredModules(DomainCatalog catalog) =>
        catalog.Modules.Where(m => m.HasSpec).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
}
