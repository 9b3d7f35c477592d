using Convergence.Domain.Modules;
using Convergence.Simulator.Histories;

namespace Convergence.Properties.Tests.Stores;

/// <summary>Generated cases moved onto another catalog (another store, or other handlers for the same events).</summary>
public static class StoreCases
{
    public static ConcurrentHistory On(this ConcurrentHistory history, DomainCatalog catalog) =>
        new(catalog, history.Regions, history.Events, history.RegionOrders);

    public static DeliveryCase On(this DeliveryCase c, DomainCatalog catalog) => c with { History = c.History.On(catalog) };
}
