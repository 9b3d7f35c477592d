using Convergence.Domain.Clock;
using Convergence.Domain.Identity;

namespace Convergence.Domain.Envelope;

/// <summary>
/// The total order on events used for every last-writer-wins decision: hybrid timestamp first,
/// event id to break ties, so two regions never disagree on which write is last.
/// </summary>
public readonly record struct EventStamp(HybridTimestamp Timestamp, EventId Id) : IComparable<EventStamp>
{
    public int CompareTo(EventStamp other)
    {
        var byTime = Timestamp.CompareTo(other.Timestamp);
        return byTime != 0 ? byTime : Id.CompareTo(other.Id);
    }

    public static bool operator >(EventStamp a, EventStamp b) => a.CompareTo(b) > 0;
    public static bool operator <(EventStamp a, EventStamp b) => a.CompareTo(b) < 0;

    public override string ToString() => $"{Timestamp}/{Id}";
}
