using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Social;

/// <summary><paramref name="From"/> asked <paramref name="To"/> to become friends.</summary>
[EventType("v1.FriendRequested")]
public sealed record FriendRequested(UserId From, UserId To) : DomainEvent
{
    public override string ToString() => $"FriendRequested {From}->{To}";
}

/// <summary>
/// <paramref name="Accepter"/> accepted <paramref name="Requester"/>'s request. Friendship is
/// remove-wins: the accept only overrides the unfriends it lists in <paramref name="Overrides"/>
/// (those its region had seen); an unfriend it did not see wins.
/// </summary>
[EventType("v1.FriendAccepted")]
public sealed record FriendAccepted(UserId Requester, UserId Accepter, ObservedEvents Overrides) : DomainEvent
{
    public override string ToString() =>
        $"FriendAccepted {Requester}~{Accepter}" + (Overrides.Count == 0 ? "" : $" overrides {Overrides}");
}

/// <summary><paramref name="User"/> ended the friendship with <paramref name="Friend"/>.</summary>
[EventType("v1.Unfriended")]
public sealed record Unfriended(UserId User, UserId Friend) : DomainEvent
{
    public override string ToString() => $"Unfriended {User}~{Friend}";
}
