using Convergence.Domain.Events;

namespace Convergence.Domain.Workload;

/// <summary>
/// Something a client may do in a region, given what that region has seen: returns the event to
/// append, or null when the region's view offers nothing to do it on (no post to comment, say).
/// </summary>
public sealed record ClientAction(string Name, double Weight, Func<ClientContext, DomainEvent?> Propose)
{
    public override string ToString() => $"{Name} ({Weight})";
}
