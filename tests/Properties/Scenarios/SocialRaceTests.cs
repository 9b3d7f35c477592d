using Convergence.Domain.Clock;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Projection;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Properties.Tests.Generators;

namespace Convergence.Properties.Tests.Scenarios;

/// <summary>The races named in the domain's design, each written out by hand, in every delivery order.</summary>
public sealed class SocialRaceTests
{
    private static readonly UserId Ann = new("ann"), Bob = new("bob"), Cy = new("cy");
    private static readonly PostId P1 = new("p1");
    private static readonly CommentId C1 = new("c1");

    private static EventEnvelope E(string id, long wallMs, DomainEvent payload, string region = "eu") =>
        new(new EventId(id), new RegionId(region), new HybridTimestamp(wallMs, 0), DateTimeOffset.UnixEpoch.AddMilliseconds(wallMs), payload);

    private static ReadModelView View(params EventEnvelope[] deliveries) =>
        ReadModel.FromDeliveries(Catalogs.Convergent, deliveries).ToView();

    /// <summary>The readable value at <c>social/PATH</c> (segments split at '/'), or null.</summary>
    private static string? Entry(ReadModelView view, string path) =>
        view.Find(ViewPath.Of(["social", .. path.Split('/').Select(s => (ViewValue)s)]))?.ToString();

    private static bool Mentions(ViewEntry entry, string id) =>
        entry.Path.Segments.Any(s => s.ToString().Contains(id, StringComparison.Ordinal)) || entry.Value.ToString().Contains(id, StringComparison.Ordinal);

    /// <summary>Every order gives one view, and it equals the spec; returns it.</summary>
    private static ReadModelView InEveryOrder(params EventEnvelope[] events)
    {
        var views = Permutations(events).Select(order => View(order.ToArray())).ToArray();
        Assert.All(views, v => Assert.Equal(views[0].ToString(), v.ToString()));
        Assert.Equal(Spec.Of(Catalogs.Convergent, events).ToString(), views[0].ToString());
        return views[0];
    }

    private static IEnumerable<IEnumerable<T>> Permutations<T>(IReadOnlyList<T> items) =>
        items.Count <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => rest.Prepend(item)));

    [Fact]
    public void Comment_arriving_before_its_post_is_kept()
    {
        var post = E("e1", 1, new PostCreated(P1, Ann, "hi", null));
        var comment = E("e2", 2, new CommentAdded(C1, P1, Bob, "yo"), "us");

        Assert.Null(Entry(View(comment), "comments/c1/text"));
        Assert.Equal("\"yo\"", Entry(View(comment, post), "comments/c1/text"));
        Assert.Equal("\"bob\"", Entry(View(comment, post), "comments/c1/author"));
        InEveryOrder(post, comment);
    }

    [Fact]
    public void Comment_concurrent_with_its_posts_deletion_is_never_visible()
    {
        var view = InEveryOrder(
            E("e1", 1, new PostCreated(P1, Ann, "hi", null)),
            E("e2", 5, new CommentAdded(C1, P1, Bob, "yo"), "us"),
            E("e3", 4, new PostDeleted(P1)));

        Assert.DoesNotContain(view.Entries, e => Mentions(e, "p1") || Mentions(e, "c1"));
    }

    [Fact]
    public void Edit_concurrent_with_delete_leaves_the_post_deleted()
    {
        var view = InEveryOrder(
            E("e1", 1, new PostCreated(P1, Ann, "hi", null)),
            E("e2", 9, new PostEdited(P1, "edited later"), "us"),
            E("e3", 5, new PostDeleted(P1)));

        Assert.DoesNotContain(view.Entries, e => Mentions(e, "p1"));
    }

    [Fact]
    public void Concurrent_profile_updates_keep_the_last_by_timestamp_and_event_id_on_ties()
    {
        var view = InEveryOrder(
            E("e1", 1, new UserRegistered(Ann, "ann@x", "Ann")),
            E("e2", 7, new ProfileUpdated(Ann, "Annie", null), "us"),
            E("e3", 7, new ProfileUpdated(Ann, "Anna", "bio"), "ap"));

        Assert.Equal("\"Anna\"", Entry(view, "users/ann/name")); // same timestamp: e3 > e2
        Assert.Equal("\"bio\"", Entry(view, "users/ann/bio"));
    }

    [Fact]
    public void Concurrent_like_and_unlike_keeps_the_like_the_unlike_never_saw()
    {
        var like1 = E("e2", 2, new PostLiked(P1, Bob));
        var like2 = E("e3", 3, new PostLiked(P1, Bob), "us");
        var unlike = E("e4", 4, new PostUnliked(P1, Bob, new ObservedEvents([like1.Id])));

        var view = InEveryOrder(E("e1", 1, new PostCreated(P1, Ann, "hi", null)), like1, like2, unlike);

        Assert.Equal("{\"bob\"}", Entry(view, "posts/p1/likes"));
    }

    [Fact]
    public void Unlike_that_saw_every_like_removes_it()
    {
        var like = E("e2", 2, new PostLiked(P1, Bob));
        var view = InEveryOrder(E("e1", 1, new PostCreated(P1, Ann, "hi", null)), like,
            E("e3", 3, new PostUnliked(P1, Bob, new ObservedEvents([like.Id]))));

        Assert.Null(Entry(view, "posts/p1/likes"));
    }

    [Fact]
    public void Unfriend_concurrent_with_an_accept_wins()
    {
        var firstAccept = E("e2", 2, new FriendAccepted(Ann, Bob, ObservedEvents.None));
        var unfriend = E("e3", 3, new Unfriended(Ann, Bob));
        var concurrentAccept = E("e4", 4, new FriendAccepted(Ann, Bob, ObservedEvents.None), "us");

        var view = InEveryOrder(E("e1", 1, new FriendRequested(Ann, Bob)), firstAccept, unfriend, concurrentAccept);

        Assert.Null(Entry(view, "friends/ann/bob"));
    }

    [Fact]
    public void Accept_after_seeing_the_unfriend_makes_friends_again()
    {
        var unfriend = E("e3", 3, new Unfriended(Ann, Bob));
        var view = InEveryOrder(
            E("e2", 2, new FriendAccepted(Ann, Bob, ObservedEvents.None)), unfriend,
            E("e4", 4, new FriendAccepted(Bob, Ann, new ObservedEvents([unfriend.Id]))));

        Assert.Equal("true", Entry(view, "friends/ann/bob"));
    }

    [Fact]
    public void Crossing_friend_requests_are_both_pending_until_one_is_accepted()
    {
        var crossing = new[] { E("e1", 1, new FriendRequested(Ann, Bob)), E("e2", 1, new FriendRequested(Bob, Ann), "us") };
        var pending = InEveryOrder(crossing);
        Assert.Equal("\"pending\"", Entry(pending, "requests/ann/bob"));
        Assert.Equal("\"pending\"", Entry(pending, "requests/bob/ann"));

        var accepted = InEveryOrder([.. crossing, E("e3", 5, new FriendAccepted(Bob, Ann, ObservedEvents.None))]);
        Assert.Equal("true", Entry(accepted, "friends/ann/bob"));
        Assert.DoesNotContain(accepted.Entries, e => e.Path[1].Equals((ViewValue)"requests"));
    }

    [Fact]
    public void Two_registrations_of_one_email_merge_into_the_earlier_even_when_it_arrives_last()
    {
        var early = E("e1", 1, new UserRegistered(Ann, "same@x", "Ann"));
        var late = E("e2", 2, new UserRegistered(Bob, "SAME@x ", "Bob"), "us");
        var bobsPost = E("e3", 3, new PostCreated(P1, Bob, "by bob", null), "us");
        var bobLikes = E("e4", 4, new PostLiked(P1, Bob), "us");
        var bobsFriend = E("e5", 5, new FriendAccepted(Bob, Cy, ObservedEvents.None), "us");

        var lateFirst = View(late, bobsPost, bobLikes, bobsFriend);
        Assert.Equal("\"same@x\"", Entry(lateFirst, "users/bob/email"));

        var view = InEveryOrder(late, bobsPost, bobLikes, bobsFriend, early);
        Assert.Equal("\"same@x\"", Entry(view, "users/ann/email"));
        Assert.Equal("{\"bob\"}", Entry(view, "users/ann/merged"));
        Assert.Null(Entry(view, "users/bob/email"));
        Assert.Equal("\"ann\"", Entry(view, "posts/p1/author"));
        Assert.Equal("{\"ann\"}", Entry(view, "posts/p1/likes"));
        Assert.Equal("true", Entry(view, "friends/ann/cy"));
        Assert.Equal("\"Bob\"", Entry(view, "users/ann/name")); // the merged account's later write wins
    }

    [Fact]
    public void Three_registrations_of_one_email_leave_one_account_in_every_order()
    {
        var view = InEveryOrder(
            E("e3", 3, new UserRegistered(Cy, "one@x", "Cy"), "ap"),
            E("e1", 3, new UserRegistered(Bob, "one@x", "Bob"), "us"),
            E("e2", 2, new UserRegistered(Ann, "one@x", "Ann")),
            E("e4", 4, new CommentAdded(C1, P1, Cy, "hey"), "ap"),
            E("e5", 1, new PostCreated(P1, Bob, "p", null), "us"));

        Assert.Single(view.Entries, e => e.Path[^1].Equals((ViewValue)"email"));
        Assert.Equal("{\"bob\", \"cy\"}", Entry(view, "users/ann/merged"));
        Assert.Equal("\"ann\"", Entry(view, "comments/c1/author"));
        Assert.Equal("\"hey\"", Entry(view, "comments/c1/text"));
    }
}
