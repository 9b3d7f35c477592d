using Convergence.Domain.Identity;

namespace Convergence.Domain.Social;

/// <summary>
/// What clients of the social network can see in their region, as cheap queries for the workload
/// (random picks among what exists). Any projection that stands in for the social module's
/// (for example a known-bad one under test) offers it so the same clients can drive it.
/// </summary>
public interface ISocialView
{
    /// <summary>Registered accounts, each as its surviving account, in first-seen order (repeats possible after merges).</summary>
    IReadOnlyList<UserId> Users { get; }

    IReadOnlyList<PostId> Posts { get; }

    IReadOnlyList<CommentId> Comments { get; }

    IReadOnlyList<(UserId From, UserId To)> Requests { get; }

    IReadOnlyList<(UserId A, UserId B)> AcceptedPairs { get; }

    IReadOnlyList<(PostId Post, UserId User)> LikedPairs { get; }

    UserId CanonicalUser(UserId user);

    bool IsEmailTaken(string email);

    bool IsPostVisible(PostId post);

    UserId? AuthorOf(PostId post);

    bool IsCommentVisible(CommentId comment);

    bool IsPending(UserId from, UserId to);

    bool AreFriends(UserId a, UserId b);

    /// <summary>The unfriend events seen on the raw pair, which an accept overrides.</summary>
    IEnumerable<Identity.EventId> UnfriendsOf(UserId a, UserId b);

    /// <summary>The like events of <paramref name="user"/> on <paramref name="post"/> not yet cancelled.</summary>
    IEnumerable<Identity.EventId> LiveLikesOf(PostId post, UserId user);
}
