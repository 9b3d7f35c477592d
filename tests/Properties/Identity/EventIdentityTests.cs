using Convergence.Domain.Clock;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Projection;
using Convergence.Domain.Social;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Identity;

/// <summary>Law L0: an event id names exactly one body; a second body under a known id is caught, never folded in.</summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 150)]
public sealed class EventIdentityTests
{
    private static readonly PostId P1 = new("p1");

    private static EventEnvelope E(string id, long wallMs, DomainEvent payload, string region = "eu") =>
        new(new EventId(id), new RegionId(region), new HybridTimestamp(wallMs, 0), DateTimeOffset.UnixEpoch.AddMilliseconds(wallMs), payload);

    [Property]
    public Property Generated_histories_never_break_event_identity(DeliveryCase c) => LawChecks.EventIdentity(c);

    [Fact]
    public void A_second_body_under_a_known_id_is_refused_and_recorded_with_both_bodies()
    {
        var first = E("eu-1", 1, new PostCreated(P1, new UserId("ann"), "hello", null));
        var second = E("eu-1", 1, new PostCreated(P1, new UserId("ann"), "edited in place", null));

        var model = ReadModel.FromDeliveries(Catalogs.Convergent, [first, second, first]);

        var conflict = Assert.Single(model.IdentityConflicts);
        Assert.Equal(first, conflict.First);
        Assert.Equal(second, conflict.Second);
        Assert.Contains("event id eu-1 names two bodies", conflict.ToString());
        Assert.Equal("\"hello\"", model.ToView().Find(["social", "posts", "p1", "text"])!.ToString());
    }

    [Fact]
    public void The_same_body_delivered_again_is_no_conflict_even_with_another_append_time()
    {
        var first = E("eu-1", 1, new PostLiked(P1, new UserId("ann")));
        var again = first with { AppendedAt = first.AppendedAt.AddSeconds(5) };

        var model = ReadModel.FromDeliveries(Catalogs.Convergent, [first, again]);

        Assert.Empty(model.IdentityConflicts);
    }

    [Fact]
    public void A_history_with_a_reused_id_fails_the_identity_law_with_a_readable_message()
    {
        var history = HistoryGenerator.Generate(Catalogs.Convergent, new HistoryOptions { Regions = 2, Actions = 12 }, 5);
        var victim = history.Events[^1];
        var forged = new HistoryEvent(victim.Envelope with { Payload = new PostDeleted(new PostId("forged")) }, victim.CausalPast);
        var reused = new ConcurrentHistory(history.Catalog, history.Regions, [.. history.Events, forged], history.RegionOrders);
        var order = Enumerable.Range(0, reused.Count).ToArray();
        var c = new DeliveryCase(reused, order, order.Reverse().ToArray());

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(1), LawChecks.EventIdentity(c)));

        Assert.Contains("L0 event identity", failure.Message);
        Assert.Contains($"event id {victim.Id} names two bodies", failure.Message);
    }

    [Fact]
    public void The_spec_answers_the_same_for_every_order_of_conflicting_bodies()
    {
        var a = E("eu-1", 1, new PostCreated(P1, new UserId("ann"), "one", null));
        var b = E("eu-1", 1, new PostCreated(P1, new UserId("ann"), "two", null), "us");

        Assert.Equal(Spec.Of(Catalogs.Convergent, [a, b]), Spec.Of(Catalogs.Convergent, [b, a]));
    }

    [Fact]
    public void An_unlike_naming_another_users_like_cancels_nothing_in_the_handlers_and_in_the_spec()
    {
        var like = E("e1", 2, new PostLiked(P1, new UserId("bob")));
        var foreign = E("e2", 3, new PostUnliked(P1, new UserId("ann"), new ObservedEvents([like.Id])));
        var post = E("e0", 1, new PostCreated(P1, new UserId("ann"), "hi", null));

        var view = ReadModel.FromDeliveries(Catalogs.Convergent, [post, like, foreign]).ToView();

        Assert.Equal("{\"bob\"}", view.Find(["social", "posts", "p1", "likes"])!.ToString());
        Assert.Equal(view, Spec.Of(Catalogs.Convergent, [foreign, like, post]));
    }

    [Fact]
    public void A_like_whose_unlike_arrived_first_is_still_listed_for_its_clients()
    {
        var post = E("e0", 1, new PostCreated(P1, new UserId("ann"), "hi", null));
        var like1 = E("e1", 2, new PostLiked(P1, new UserId("bob")));
        var unlike = E("e2", 3, new PostUnliked(P1, new UserId("bob"), new ObservedEvents([like1.Id])));
        var like2 = E("e3", 4, new PostLiked(P1, new UserId("bob")), "us");
        EventEnvelope[] events = [post, like1, unlike, like2];

        foreach (var order in Permutations(events))
        {
            var social = ReadModel.FromDeliveries(Catalogs.Convergent, order).Get<ISocialView>();
            Assert.Contains((P1, new UserId("bob")), social.LikedPairs);
            Assert.Equal([like2.Id], social.LiveLikesOf(P1, new UserId("bob")));
        }
    }

    private static IEnumerable<EventEnvelope[]> Permutations(EventEnvelope[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => (EventEnvelope[])[item, .. rest]));
}
