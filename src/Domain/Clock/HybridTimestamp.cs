namespace Convergence.Domain.Clock;

/// <summary>
/// A hybrid logical clock reading: physical milliseconds plus a logical counter. Causally later
/// events always carry a larger timestamp; concurrent ones are ordered arbitrarily but the same
/// way everywhere (ties between equal readings are broken by event id where it matters).
/// </summary>
public readonly record struct HybridTimestamp(long WallMs, int Counter) : IComparable<HybridTimestamp>
{
    public static HybridTimestamp Zero => new(0, 0);

    public int CompareTo(HybridTimestamp other)
    {
        var byWall = WallMs.CompareTo(other.WallMs);
        return byWall != 0 ? byWall : Counter.CompareTo(other.Counter);
    }

    public static bool operator <(HybridTimestamp a, HybridTimestamp b) => a.CompareTo(b) < 0;
    public static bool operator >(HybridTimestamp a, HybridTimestamp b) => a.CompareTo(b) > 0;
    public static bool operator <=(HybridTimestamp a, HybridTimestamp b) => a.CompareTo(b) <= 0;
    public static bool operator >=(HybridTimestamp a, HybridTimestamp b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{WallMs}.{Counter}";
}
