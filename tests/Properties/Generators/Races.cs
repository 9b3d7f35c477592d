using Convergence.Domain.Social;
using Convergence.Simulator.Histories;

namespace Convergence.Properties.Tests.Generators;

/// <summary>
/// Recognises the races the social network must survive in a generated history, so properties can
/// show (with Classify) and a test can assert that the generators actually produce them.
/// </summary>
public static class Races
{
    public const string CommentBeforePost = "comment delivered before its post";
    public const string CommentVsPostDelete = "comment concurrent with its post's deletion";
    public const string EditVsDelete = "edit concurrent with delete";
    public const string LikeVsUnlike = "like/unlike race";
    public const string AcceptVsUnfriend = "friend/unfriend race";
    public const string CrossingRequests = "crossing friend requests";
    public const string ConcurrentProfileUpdates = "concurrent profile updates";
    public const string DuplicateEmail = "two registrations of one email";
    public const string TripleEmail = "three registrations of one email";
    public const string EarlierRegistrationLast = "earlier registration delivered last";

    public static IReadOnlyList<string> All { get; } =
    [
        CommentBeforePost, CommentVsPostDelete, EditVsDelete, LikeVsUnlike, AcceptVsUnfriend, CrossingRequests,
        ConcurrentProfileUpdates, DuplicateEmail, TripleEmail, EarlierRegistrationLast,
    ];

    /// <summary>The races present in <paramref name="history"/> when delivered in <paramref name="order"/>.</summary>
    public static IReadOnlySet<string> In(ConcurrentHistory history, IReadOnlyList<int> order)
    {
        var found = new HashSet<string>();
        var events = history.Events;
        var position = new Dictionary<int, int>();
        for (var i = 0; i < order.Count; i++) position.TryAdd(order[i], i);

        bool Concurrent<TA, TB>(Func<TA, TB, bool> related)
        {
            foreach (var a in events)
            {
                if (a.Envelope.Payload is not TA pa) continue;
                foreach (var b in events)
                {
                    if (!ReferenceEquals(a, b) && b.Envelope.Payload is TB pb && related(pa, pb) && a.IsConcurrentWith(b)) return true;
                }
            }
            return false;
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Envelope.Payload is not CommentAdded comment || !position.TryGetValue(i, out var at)) continue;
            for (var j = 0; j < events.Count; j++)
            {
                if (events[j].Envelope.Payload is PostCreated post && post.Post == comment.Post &&
                    position.TryGetValue(j, out var postAt) && postAt > at)
                    found.Add(CommentBeforePost);
            }
        }

        if (Concurrent<CommentAdded, PostDeleted>((c, d) => c.Post == d.Post)) found.Add(CommentVsPostDelete);
        if (Concurrent<PostEdited, PostDeleted>((e, d) => e.Post == d.Post)) found.Add(EditVsDelete);
        if (Concurrent<PostLiked, PostUnliked>((l, u) => l.Post == u.Post && l.User == u.User)) found.Add(LikeVsUnlike);
        if (Concurrent<FriendAccepted, Unfriended>((a, u) => SamePair(a.Requester, a.Accepter, u.User, u.Friend)))
            found.Add(AcceptVsUnfriend);
        if (Concurrent<FriendRequested, FriendRequested>((a, b) => a.From == b.To && a.To == b.From)) found.Add(CrossingRequests);
        if (Concurrent<ProfileUpdated, ProfileUpdated>((a, b) => a.User == b.User)) found.Add(ConcurrentProfileUpdates);

        foreach (var group in events.Select((e, i) => (e, i)).Where(x => x.e.Envelope.Payload is UserRegistered)
                     .GroupBy(x => SocialRules.NormalizeEmail(((UserRegistered)x.e.Envelope.Payload).Email)))
        {
            var members = group.ToArray();
            if (members.Length < 2) continue;
            found.Add(DuplicateEmail);
            if (members.Length >= 3) found.Add(TripleEmail);
            var earliest = members.MinBy(m => m.e.Envelope.Stamp);
            if (members.All(m => position.ContainsKey(m.i)) &&
                members.All(m => m.i == earliest.i || position[m.i] < position[earliest.i]))
                found.Add(EarlierRegistrationLast);
        }
        return found;
    }

    private static bool SamePair(object a1, object b1, object a2, object b2) =>
        (a1.Equals(a2) && b1.Equals(b2)) || (a1.Equals(b2) && b1.Equals(a2));
}
