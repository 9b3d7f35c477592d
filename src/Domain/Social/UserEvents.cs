using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Social;

/// <summary>A user signed up. Email addresses are unique: concurrent sign-ups of one address are merged.</summary>
[EventType("v1.UserRegistered")]
public sealed record UserRegistered(UserId User, string Email, string DisplayName) : DomainEvent
{
    public override string ToString() => $"UserRegistered {User} <{Email}> \"{DisplayName}\"";
}

/// <summary>A user changed their display name and/or bio; a missing field is left as it is.</summary>
[EventType("v1.ProfileUpdated")]
public sealed record ProfileUpdated(UserId User, string? DisplayName, string? Bio) : DomainEvent
{
    public override string ToString() =>
        $"ProfileUpdated {User}" + (DisplayName is null ? "" : $" name=\"{DisplayName}\"") + (Bio is null ? "" : $" bio=\"{Bio}\"");
}

/// <summary>A user's device reported a new position.</summary>
[EventType("v1.LocationUpdated")]
public sealed record LocationUpdated(UserId User, GeoPoint Location) : DomainEvent
{
    public override string ToString() => $"LocationUpdated {User} at {Location}";
}
