using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;

namespace Convergence.Simulator.Histories;

/// <summary>
/// One event of a generated history with what its origin region had seen when the client issued
/// it (its causal past), so checks can tell concurrent events from causally ordered ones.
/// </summary>
public sealed record HistoryEvent(EventEnvelope Envelope, IReadOnlySet<EventId> CausalPast)
{
    public EventId Id => Envelope.Id;

    /// <summary>Neither event had seen the other when it was issued.</summary>
    public bool IsConcurrentWith(HistoryEvent other) =>
        !CausalPast.Contains(other.Id) && !other.CausalPast.Contains(Id);

    public override string ToString() => Envelope.ToString();
}
