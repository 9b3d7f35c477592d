using Convergence.Domain.Modules;
using Convergence.Simulator.Histories;
using Convergence.Testing.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bookmarks.Tests;

/// <summary>The team's own FsCheck properties over generated concurrent histories of the social network with bookmarks.</summary>
[Properties(Arbitrary = [typeof(BookmarkArbitraries)], MaxTest = 100)]
public sealed class BookmarkProperties
{
    [Property]
    public Property Any_two_delivery_orders_give_the_same_view(DeliveryCase c) =>
        HistoryProperties.OrderIndependence(c).Classify(c.History.Envelopes.Any(e => e.Payload is BookmarkRemoved), "has removals");

    [Property]
    public Property Delivering_events_again_changes_nothing(Redelivery r) => HistoryProperties.OrderIndependence(r.Case);

    [Property]
    public Property The_view_equals_the_spec_of_the_events(DeliveryCase c) => HistoryProperties.SpecAgreement(c);
}

/// <summary>FsCheck 3 has no global registry: the arbitraries these properties take, on this domain.</summary>
public static class BookmarkArbitraries
{
    private static readonly DomainCatalog Domain = DomainCatalog.SocialNetwork().With(new BookmarkModule());

    public static Arbitrary<DeliveryCase> TwoOrders() => HistoryArbitraries.TwoOrders(Domain);

    public static Arbitrary<Redelivery> Redeliveries() => HistoryArbitraries.Redeliveries(Domain);
}
