using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Samples.CheckIns;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Samples;

/// <summary>The same laws on the social network plus the worked example's check-ins: a new module needs no new test code.</summary>
[Properties(Arbitrary = [typeof(CheckInArbitraries)], MaxTest = 120)]
public sealed class CheckInModuleProperties
{
    [Property]
    public Property Any_two_delivery_orders_give_the_same_view(DeliveryCase c) =>
        LawChecks.OrderIndependence(c).Classify(c.History.Envelopes.Any(e => e.Payload is CheckedIn), "has check-ins");

    [Property]
    public Property Projection_equals_spec_in_any_order(DeliveryCase c) => LawChecks.SpecAgreement(c);

    [Property]
    public Property Delivering_events_again_changes_nothing(Redelivery r) => LawChecks.OrderIndependence(r.Case);
}

/// <summary>Arbitraries for the social network extended with <see cref="CheckInModule"/>.</summary>
public static class CheckInArbitraries
{
    private static readonly Convergence.Domain.Modules.DomainCatalog Catalog = Catalogs.Convergent.With(new CheckInModule());

    public static Arbitrary<DeliveryCase> TwoOrders() =>
        Arb.From(HistoryArbitraries.TwoOrdersGen(Catalog), c => c.ShrinkCandidates());

    public static Arbitrary<Redelivery> Redeliveries() =>
        Arb.From(HistoryArbitraries.RedeliveryGen(Catalog), r => r.Case.ShrinkCandidates().Select(c => new Redelivery(c)));
}
