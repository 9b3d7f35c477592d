using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Views;

namespace Convergence.Domain.Social;

/// <summary>
/// What the social read model must show for a set of events, stated as queries over the set
/// rather than as a fold, so that it cannot share a bug with the projection's handlers:
/// <list type="bullet">
/// <item>an account per email: the registration with the least stamp survives; later ones are merged into it;</item>
/// <item>names, bios and locations: the greatest stamp among all writes to the merged accounts;</item>
/// <item>friends (remove-wins): some accept of the pair overrides every unfriend of the pair;</item>
/// <item>a request is pending while no accept or unfriend of the pair is stamped after it;</item>
/// <item>a post is visible when created and never deleted; its text is the greatest-stamped write;</item>
/// <item>a comment is visible when added, never deleted, and its post is visible;</item>
/// <item>likes (add-wins): some like of the user on the post is not cancelled by an unlike of that user on that post that names it.</item>
/// </list>
/// </summary>
internal static class SocialSpec
{
    public static Func<UserId, UserId> Identity(IReadOnlyCollection<EventEnvelope> events)
    {
        var registrations = Registrations(events);
        var survivors = registrations.Values
            .GroupBy(r => SocialRules.NormalizeEmail(r.Event.Email))
            .ToDictionary(g => g.Key, g => g.MinBy(r => r.Stamp)!.Event.User);
        return user => registrations.TryGetValue(user, out var r) ? survivors[SocialRules.NormalizeEmail(r.Event.Email)] : user;
    }

    public static void Describe(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view)
    {
        var canonical = context.CanonicalUser;
        var all = events.Select(e => (e.Payload, e.Stamp, e.Id)).ToArray();
        T[] Of<T>() => all.Where(e => e.Payload is T).Select(e => (T)(object)e.Payload).ToArray();
        (T Event, EventStamp Stamp, EventId Id)[] Stamped<T>() =>
            all.Where(e => e.Payload is T).Select(e => ((T)(object)e.Payload, e.Stamp, e.Id)).ToArray();

        // Users: each group's writes, looked up by member rather than re-scanning the set per group.
        var registrations = Registrations(events);
        var namesByUser = Stamped<UserRegistered>().Select(r => (r.Event.User, r.Stamp, Value: r.Event.DisplayName))
            .Concat(Stamped<ProfileUpdated>().Where(p => p.Event.DisplayName is not null).Select(p => (p.Event.User, p.Stamp, Value: p.Event.DisplayName!)))
            .ToLookup(x => x.User);
        var biosByUser = Stamped<ProfileUpdated>().Where(p => p.Event.Bio is not null).ToLookup(p => p.Event.User);
        var locationsByUser = Stamped<LocationUpdated>().ToLookup(l => l.Event.User);
        foreach (var group in registrations.Values.GroupBy(r => SocialRules.NormalizeEmail(r.Event.Email)))
        {
            var members = group.Select(r => r.Event.User).ToArray();
            var survivor = group.MinBy(r => r.Stamp)!.Event.User;
            var name = members.SelectMany(m => namesByUser[m]).MaxBy(n => n.Stamp).Value;
            var bios = members.SelectMany(m => biosByUser[m]).ToArray();
            var locations = members.SelectMany(m => locationsByUser[m]).ToArray();
            SocialViewPaths.WriteUser(view, survivor, group.Key, name,
                bios.Length == 0 ? null : bios.MaxBy(p => p.Stamp).Event.Bio,
                locations.Length == 0 ? null : locations.MaxBy(l => l.Stamp).Event.Location,
                members.Where(m => m != survivor));
        }

        // Friendships
        static (UserId, UserId) Key(UserId a, UserId b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);
        var unfriends = Stamped<Unfriended>().ToLookup(u => Key(u.Event.User, u.Event.Friend));
        var accepts = Stamped<FriendAccepted>().ToLookup(a => Key(a.Event.Requester, a.Event.Accepter));
        var friends = accepts
            .Where(pair => pair.Any(a => unfriends[pair.Key].All(u => a.Event.Overrides.Contains(u.Id))))
            .Select(pair => Key(canonical(pair.Key.Item1), canonical(pair.Key.Item2)))
            .Where(pair => pair.Item1 != pair.Item2)
            .ToHashSet();
        foreach (var (a, b) in friends) SocialViewPaths.WriteFriends(view, a, b);

        var answers = unfriends.SelectMany(g => g.Select(u => (g.Key, u.Stamp)))
            .Concat(accepts.SelectMany(g => g.Select(a => (g.Key, a.Stamp))))
            .ToLookup(x => x.Key, x => x.Stamp);
        var pending = Stamped<FriendRequested>()
            .Where(r => !answers[Key(r.Event.From, r.Event.To)].Any(answer => answer > r.Stamp))
            .Select(r => (From: canonical(r.Event.From), To: canonical(r.Event.To)))
            .Where(r => r.From != r.To && !friends.Contains(Key(r.From, r.To)))
            .ToHashSet();
        foreach (var (from, to) in pending) SocialViewPaths.WriteRequest(view, from, to);

        // Posts
        var deletedPosts = Of<PostDeleted>().Select(d => d.Post).ToHashSet();
        var visiblePosts = Stamped<PostCreated>().Where(c => !deletedPosts.Contains(c.Event.Post))
            .GroupBy(c => c.Event.Post).ToDictionary(g => g.Key, g => g.MinBy(c => c.Stamp).Event);
        var texts = Stamped<PostCreated>().Select(c => (c.Event.Post, c.Stamp, c.Event.Text))
            .Concat(Stamped<PostEdited>().Select(e => (e.Event.Post, e.Stamp, e.Event.Text)))
            .GroupBy(t => t.Post).ToDictionary(g => g.Key, g => g.MaxBy(t => t.Stamp).Text);
        var shares = Of<PostShared>().ToLookup(s => s.Post, s => canonical(s.With));
        // An unlike cancels only the likes it names of its own user on its own post: naming another
        // user's like (a buggy or foreign client) cancels nothing.
        var cancelled = Of<PostUnliked>().SelectMany(u => u.Likes.Select(id => (u.Post, u.User, id))).ToHashSet();
        var likers = Stamped<PostLiked>().Where(l => !cancelled.Contains((l.Event.Post, l.Event.User, l.Id)))
            .ToLookup(l => l.Event.Post, l => canonical(l.Event.User));
        foreach (var (id, post) in visiblePosts)
        {
            SocialViewPaths.WritePost(view, id, canonical(post.Author), texts[id], post.Location, shares[id], likers[id]);
        }

        // Comments
        var deletedComments = Of<CommentDeleted>().Select(d => d.Comment).ToHashSet();
        foreach (var comment in Stamped<CommentAdded>()
                     .GroupBy(c => c.Event.Comment).Select(g => g.MinBy(c => c.Stamp).Event)
                     .Where(c => !deletedComments.Contains(c.Comment) && visiblePosts.ContainsKey(c.Post)))
        {
            SocialViewPaths.WriteComment(view, comment.Comment, comment.Post, canonical(comment.Author), comment.Text);
        }
    }

    /// <summary>Each user's effective registration: the least-stamped one naming that user.</summary>
    private static Dictionary<UserId, (UserRegistered Event, EventStamp Stamp)> Registrations(IEnumerable<EventEnvelope> events) =>
        events.Where(e => e.Payload is UserRegistered)
            .Select(e => (Event: (UserRegistered)e.Payload, e.Stamp))
            .GroupBy(r => r.Event.User)
            .ToDictionary(g => g.Key, g => g.MinBy(r => r.Stamp));
}
