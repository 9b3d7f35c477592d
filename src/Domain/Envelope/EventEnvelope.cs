using Convergence.Domain.Clock;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Envelope;

/// <summary>
/// One event as it travels between regions: id, origin, hybrid timestamp, wall-clock append time
/// and payload. Its JSON form (see <see cref="EventCodec"/>) is the CouchDB document.
/// </summary>
public sealed record EventEnvelope(
    EventId Id,
    RegionId Origin,
    HybridTimestamp Timestamp,
    DateTimeOffset AppendedAt,
    DomainEvent Payload)
{
    /// <summary>The order used to break every last-writer-wins tie: timestamp, then event id.</summary>
    public EventStamp Stamp => new(Timestamp, Id);

    public override string ToString() => $"{Id} {Payload} @{Origin}";
}
