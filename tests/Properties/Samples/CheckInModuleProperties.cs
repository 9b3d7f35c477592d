using Convergence.Domain.Modules;
using Convergence.Samples.CheckIns;
using Convergence.Simulator.Histories;
using Convergence.Testing.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Samples;

/// <summary>
/// The same laws on the social network plus the worked example's check-ins, written only with what a team gets from
/// the Convergence.Testing package: a new module needs no new test code.
/// </summary>
[Properties(Arbitrary = [typeof(CheckInArbitraries)], MaxTest = 120)]
public sealed class CheckInModuleProperties
{
    [Property]
    public Property Any_two_delivery_orders_give_the_same_view(DeliveryCase c) =>
        HistoryProperties.OrderIndependence(c).Classify(c.History.Envelopes.Any(e => e.Payload is CheckedIn), "has check-ins");

    [Property]
    public Property Projection_equals_spec_in_any_order(DeliveryCase c) => HistoryProperties.SpecAgreement(c);

    [Property]
    public Property Delivering_events_again_changes_nothing(Redelivery r) => HistoryProperties.OrderIndependence(r.Case);
}

/// <summary>Arbitraries for the social network extended with <see cref="CheckInModule"/>.</summary>
public static class CheckInArbitraries
{
    private static readonly DomainCatalog Catalog = DomainCatalog.SocialNetwork().With(new CheckInModule());

    public static Arbitrary<DeliveryCase> TwoOrders() => HistoryArbitraries.TwoOrders(Catalog);

    public static Arbitrary<Redelivery> Redeliveries() => HistoryArbitraries.Redeliveries(Catalog);
}
