namespace Convergence.Domain.Identity;

/// <summary>Globally unique id of one event; also the CouchDB document id of its envelope.</summary>
public readonly record struct EventId(string Value) : IComparable<EventId>
{
    public int CompareTo(EventId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
