using Convergence.Domain.Projection;
using Convergence.Properties.Tests.Laws;
using Convergence.Properties.Tests.Samples;
using Convergence.Samples.CheckIns;
using Convergence.Simulator.Histories;
using Convergence.Stores.Sqlite;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Stores;

/// <summary>The worked example's check-ins written in SQL (docs/adding-an-event.md): same view as the C# handler, same laws.</summary>
[Properties(Arbitrary = [typeof(CheckInArbitraries)], MaxTest = 30)]
public sealed class SqlCheckInProperties
{
    private static readonly Domain.Modules.DomainCatalog Sql = Generators.Catalogs.Convergent.With(new CheckInModule()).WithStore(new SqliteStore());

    [Property]
    public Property Memory_and_sql_views_of_the_same_delivery_are_equal(DeliveryCase c)
    {
        var memory = ReadModel.FromDeliveries(c.History.Catalog, c.DeliveriesA).ToView();
        var sql = ReadModel.FromDeliveries(Sql, c.DeliveriesA).ToView();
        return memory.Equals(sql).Label("memory vs sql\n" + c.Describe() + "\n  diff: " + memory.DiffTo(sql).Describe(8))
            .Classify(c.History.Envelopes.Any(e => e.Payload is CheckedIn), "has check-ins");
    }

    [Property]
    public Property Any_two_delivery_orders_give_the_same_sql_view(DeliveryCase c) => LawChecks.OrderIndependence(c.On(Sql));
}
