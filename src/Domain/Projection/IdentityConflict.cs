using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Projection;

/// <summary>
/// Law L0 broken in one region: an event id delivered with a second, different body (another
/// origin, timestamp or payload). The first body stays applied; the second is refused and kept here.
/// </summary>
public sealed record IdentityConflict(EventId Id, EventEnvelope First, EventEnvelope Second)
{
    public override string ToString() =>
        $"event id {Id} names two bodies: {First.Payload} @{First.Origin} {First.Timestamp} and {Second.Payload} @{Second.Origin} {Second.Timestamp}";
}
