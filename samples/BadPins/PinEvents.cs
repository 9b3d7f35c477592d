using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Samples.BadPins;

/// <summary>The author pinned a post to the top of their profile.</summary>
[EventType("v1.PostPinned")]
public sealed record PostPinned(PostId Post) : DomainEvent
{
    public override string ToString() => $"PostPinned {Post}";
}

/// <summary>The author unpinned a post.</summary>
[EventType("v1.PostUnpinned")]
public sealed record PostUnpinned(PostId Post) : DomainEvent
{
    public override string ToString() => $"PostUnpinned {Post}";
}
