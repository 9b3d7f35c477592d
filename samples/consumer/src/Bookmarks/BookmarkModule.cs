using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Bookmarks;

/// <summary>
/// Bookmarks of posts, added to the social network. Whether a user's bookmark of a post stands is decided by the
/// bookmark event with the greatest stamp (hybrid time, then event id) — never by arrival order — so every region
/// agrees whatever order the events reach it in, and a redelivery changes nothing.
/// </summary>
public sealed class BookmarkModule : DomainModule
{
    public override string Name => "bookmarks";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } =
        [EventTypeRegistration.Of<PostBookmarked>(), EventTypeRegistration.Of<BookmarkRemoved>()];

    public override ModuleProjection CreateProjection() => new BookmarkProjection();

    /// <summary>A user this region knows bookmarks, or un-bookmarks, a post this region shows.</summary>
    public override IReadOnlyList<ClientAction> ClientActions { get; } =
    [
        new("bookmark", 3, c => Pick(c) is var (user, post) ? new PostBookmarked(user, post) : null),
        new("remove-bookmark", 2, c => Pick(c) is var (user, post) ? new BookmarkRemoved(user, post) : null),
    ];

    public override bool HasSpec => true;

    /// <summary>Declaratively: per (surviving account, post), the latest bookmark event by stamp decides.</summary>
    public override void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view)
    {
        var latest = events
            .Where(e => e.Payload is PostBookmarked or BookmarkRemoved)
            .GroupBy(e => BookmarkProjection.KeyOf(e.Payload, context))
            .Select(g => (g.Key, Last: g.MaxBy(e => e.Stamp)!));
        BookmarkProjection.Write(view, latest.Where(x => x.Last.Payload is PostBookmarked).Select(x => x.Key));
    }

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => payload switch
    {
        PostBookmarked e => [$"post:{e.Post}", $"bookmark:{e.Post}/{e.User}"],
        BookmarkRemoved e => [$"post:{e.Post}", $"bookmark:{e.Post}/{e.User}"],
        _ => [],
    };

    private static (Convergence.Domain.Identity.UserId, Convergence.Domain.Identity.PostId)? Pick(ClientContext c)
    {
        var social = c.State.Get<ISocialView>();
        if (social.Users.Count == 0 || social.Posts.Count == 0) return null;
        return (social.Users[c.Random.Next(social.Users.Count)], social.Posts[c.Random.Next(social.Posts.Count)]);
    }
}
