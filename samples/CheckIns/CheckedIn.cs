using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Samples.CheckIns;

/// <summary>Identity of a place users check in at.</summary>
public readonly record struct PlaceId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A user checked in at a place.</summary>
[EventType("v1.CheckedIn")]
public sealed record CheckedIn(UserId User, PlaceId Place) : DomainEvent
{
    public override string ToString() => $"CheckedIn {User} at {Place}";
}
