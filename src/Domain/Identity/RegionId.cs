namespace Convergence.Domain.Identity;

/// <summary>A region (data centre) that appends to its own event log.</summary>
public readonly record struct RegionId(string Value) : IComparable<RegionId>
{
    public int CompareTo(RegionId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
