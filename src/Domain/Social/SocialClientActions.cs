using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Workload;

namespace Convergence.Domain.Social;

/// <summary>
/// How the social network's clients behave: each action looks only at its own region's view, so
/// races happen as in production (a comment on a post another region is deleting, two sign-ups
/// of one email, crossing friend requests, like/unlike storms).
/// </summary>
internal static class SocialClientActions
{
    private static readonly string[] Names = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"];
    private static readonly string[] Words = ["hello", "coffee", "sunset", "run", "lunch", "rain", "train", "beach"];

    public static IReadOnlyList<ClientAction> All { get; } =
    [
        new("register", 4, Register),
        new("update-profile", 2, UpdateProfile),
        new("update-location", 2, UpdateLocation),
        new("request-friend", 3, RequestFriend),
        new("accept-friend", 3, AcceptFriend),
        new("decline-friend", 1.5, DeclineFriend),
        new("unfriend", 2, Unfriend),
        new("create-post", 4, CreatePost),
        new("edit-post", 2, EditPost),
        new("share-post", 1, SharePost),
        new("delete-post", 1, DeletePost),
        new("add-comment", 4, AddComment),
        new("delete-comment", 1, DeleteComment),
        new("like", 3, Like),
        new("unlike", 2, Unlike),
    ];

    private const int Tries = 4;

    private static ISocialView View(ClientContext c) => c.State.Get<ISocialView>();

    /// <summary>
    /// Half the time one of the first few users (every network has its busy members, and they are
    /// the ones whose concurrent actions race), otherwise anyone.
    /// </summary>
    private static UserId? SomeUser(ClientContext c)
    {
        var users = View(c).Users;
        if (users.Count == 0) return null;
        var index = c.Chance(0.5) ? c.Random.Next(Math.Min(3, users.Count)) : c.Random.Next(users.Count);
        return View(c).CanonicalUser(users[index]);
    }

    private static T? FindOne<T>(ClientContext c, IReadOnlyList<T> items, Func<T, bool> usable) where T : struct
    {
        for (var i = 0; i < Tries && items.Count > 0; i++)
        {
            var item = items[c.Random.Next(items.Count)];
            if (usable(item)) return item;
        }
        return null;
    }

    private static string Text(ClientContext c) => $"{c.Pick(Words)} {c.Pick(Words)}";

    private static DomainEvent? Register(ClientContext c)
    {
        // Emails come from a small pool so that regions that have not yet seen each other's
        // sign-ups pick the same address; a region never reuses an address it has seen.
        // Start near the region's user count: regions that have seen the same sign-ups start at
        // the same place and collide, and a large network does not scan every taken address.
        var view = View(c);
        var known = view.Users.Count;
        for (var n = Math.Max(0, known - 3) + c.Random.Next(6); n < known + 64; n++)
        {
            var email = $"user{n}@example.com";
            if (!view.IsEmailTaken(email))
                return new UserRegistered(new UserId(c.Ids.Next("u")), email, c.Pick(Names)!);
        }
        return null;
    }

    private static DomainEvent? UpdateProfile(ClientContext c)
    {
        if (SomeUser(c) is not { } user) return null;
        var name = c.Chance(0.6) ? c.Pick(Names) : null;
        var bio = name is null || c.Chance(0.4) ? $"likes {c.Pick(Words)}" : null;
        return new ProfileUpdated(user, name, bio);
    }

    private static DomainEvent? UpdateLocation(ClientContext c) =>
        SomeUser(c) is { } user
            ? new LocationUpdated(user, new GeoPoint(c.Random.Next(180) - 90, c.Random.Next(360) - 180))
            : null;

    private static DomainEvent? RequestFriend(ClientContext c)
    {
        if (SomeUser(c) is not { } from || SomeUser(c) is not { } to || from == to) return null;
        return View(c).AreFriends(from, to) ? null : new FriendRequested(from, to);
    }

    private static DomainEvent? AcceptFriend(ClientContext c)
    {
        var view = View(c);
        if (FindOne(c, view.Requests, r => view.IsPending(r.From, r.To)) is not { } request) return null;
        return new FriendAccepted(request.From, request.To, new ObservedEvents(view.UnfriendsOf(request.From, request.To)));
    }

    /// <summary>Declining a request ends the relationship: an unfriend, which races with an accept of the same request elsewhere.</summary>
    private static DomainEvent? DeclineFriend(ClientContext c)
    {
        var view = View(c);
        return FindOne(c, view.Requests, r => view.IsPending(r.From, r.To)) is { } request
            ? new Unfriended(request.To, request.From)
            : null;
    }

    private static DomainEvent? Unfriend(ClientContext c)
    {
        var view = View(c);
        return FindOne(c, view.AcceptedPairs, p => view.AreFriends(p.A, p.B)) is { } pair
            ? c.Chance(0.5) ? new Unfriended(pair.A, pair.B) : new Unfriended(pair.B, pair.A)
            : null;
    }

    private static DomainEvent? CreatePost(ClientContext c) =>
        SomeUser(c) is { } author
            ? new PostCreated(new PostId(c.Ids.Next("p")), author, Text(c),
                c.Chance(0.3) ? new GeoPoint(c.Random.Next(180) - 90, c.Random.Next(360) - 180) : null)
            : null;

    private static PostId? VisiblePost(ClientContext c)
    {
        var view = View(c);
        return FindOne(c, view.Posts, view.IsPostVisible);
    }

    private static DomainEvent? EditPost(ClientContext c) => VisiblePost(c) is { } post ? new PostEdited(post, Text(c)) : null;

    private static DomainEvent? SharePost(ClientContext c) =>
        VisiblePost(c) is { } post && SomeUser(c) is { } with ? new PostShared(post, with) : null;

    private static DomainEvent? DeletePost(ClientContext c) => VisiblePost(c) is { } post ? new PostDeleted(post) : null;

    private static DomainEvent? AddComment(ClientContext c) =>
        VisiblePost(c) is { } post && SomeUser(c) is { } author
            ? new CommentAdded(new CommentId(c.Ids.Next("c")), post, author, Text(c))
            : null;

    private static DomainEvent? DeleteComment(ClientContext c)
    {
        var view = View(c);
        return FindOne(c, view.Comments, view.IsCommentVisible) is { } comment ? new CommentDeleted(comment) : null;
    }

    private static DomainEvent? Like(ClientContext c) =>
        VisiblePost(c) is { } post && SomeUser(c) is { } user ? new PostLiked(post, user) : null;

    private static DomainEvent? Unlike(ClientContext c)
    {
        var view = View(c);
        if (FindOne(c, view.LikedPairs, l => view.LiveLikesOf(l.Post, l.User).Any()) is not { } like) return null;
        return new PostUnliked(like.Post, like.User, new ObservedEvents(view.LiveLikesOf(like.Post, like.User)));
    }
}
