using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Social;

/// <summary>A user published a post, optionally at a place.</summary>
[EventType("v1.PostCreated")]
public sealed record PostCreated(PostId Post, UserId Author, string Text, GeoPoint? Location) : DomainEvent
{
    public override string ToString() => $"PostCreated {Post} by {Author}";
}

/// <summary>The post's text was replaced (last writer wins; a deleted post stays deleted).</summary>
[EventType("v1.PostEdited")]
public sealed record PostEdited(PostId Post, string Text) : DomainEvent
{
    public override string ToString() => $"PostEdited {Post} \"{Text}\"";
}

/// <summary>The post was shared with another user.</summary>
[EventType("v1.PostShared")]
public sealed record PostShared(PostId Post, UserId With) : DomainEvent
{
    public override string ToString() => $"PostShared {Post} with {With}";
}

/// <summary>The post was deleted, for good: with its comments and likes.</summary>
[EventType("v1.PostDeleted")]
public sealed record PostDeleted(PostId Post) : DomainEvent
{
    public override string ToString() => $"PostDeleted {Post}";
}
