using Convergence.Domain.Projection;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Laws;

/// <summary>L3: the incrementally built read model equals Spec(events), a declarative function of the set.</summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 150)]
public sealed class SpecAgreementProperties
{
    [Property]
    public Property Projection_equals_spec_in_any_order(DeliveryCase c) =>
        LawChecks.SpecAgreement(c).WithRaces(c.History, c.OrderA);

    [Property]
    public Property A_lagging_region_equals_the_spec_of_what_it_has(PartialDelivery p) => LawChecks.SpecAgreement(p.Case);

    [Property]
    public Property Projection_with_redeliveries_equals_spec(Redelivery r) =>
        LawChecks.SpecAgreement(r.Case with { OrderA = r.Case.OrderB });

    [Property]
    public Property Spec_ignores_order_and_repeats(Redelivery r)
    {
        var catalog = r.Case.History.Catalog;
        return Spec.Of(catalog, r.Case.DeliveriesA).Equals(Spec.Of(catalog, r.Case.DeliveriesB.Reverse())).ToProperty();
    }

    [Property]
    public Property Every_region_after_generation_equals_spec(ConcurrentHistory history)
    {
        var expected = Spec.Of(history.Catalog, history.Envelopes);
        var covered = Spec.CoveredModules(history.Catalog);
        return history.RegionOrders.Values
            .All(order => LawChecks.ViewOf(history, order).OnlyModules(covered).Equals(expected))
            .Label(history.ToString());
    }
}
