using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Bookmarks;

/// <summary>A user bookmarked a post.</summary>
[EventType("v1.PostBookmarked")]
public sealed record PostBookmarked(UserId User, PostId Post) : DomainEvent
{
    public override string ToString() => $"PostBookmarked {Post} by {User}";
}

/// <summary>A user removed their bookmark of a post.</summary>
[EventType("v1.BookmarkRemoved")]
public sealed record BookmarkRemoved(UserId User, PostId Post) : DomainEvent
{
    public override string ToString() => $"BookmarkRemoved {Post} by {User}";
}
