using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Social;

/// <summary>A user commented on a post.</summary>
[EventType("v1.CommentAdded")]
public sealed record CommentAdded(CommentId Comment, PostId Post, UserId Author, string Text) : DomainEvent
{
    public override string ToString() => $"CommentAdded {Comment} on {Post} by {Author}";
}

/// <summary>A comment was deleted, for good.</summary>
[EventType("v1.CommentDeleted")]
public sealed record CommentDeleted(CommentId Comment) : DomainEvent
{
    public override string ToString() => $"CommentDeleted {Comment}";
}
