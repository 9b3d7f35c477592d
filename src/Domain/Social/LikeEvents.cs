using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Social;

/// <summary>A user liked a post.</summary>
[EventType("v1.PostLiked")]
public sealed record PostLiked(PostId Post, UserId User) : DomainEvent
{
    public override string ToString() => $"PostLiked {Post} by {User}";
}

/// <summary>
/// A user took back their like. Likes are add-wins: the unlike cancels only the likes it lists in
/// <paramref name="Likes"/> (those its region had seen), so a concurrent like survives.
/// </summary>
[EventType("v1.PostUnliked")]
public sealed record PostUnliked(PostId Post, UserId User, ObservedEvents Likes) : DomainEvent
{
    public override string ToString() => $"PostUnliked {Post} by {User} cancels {Likes}";
}
