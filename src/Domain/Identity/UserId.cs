namespace Convergence.Domain.Identity;

/// <summary>Identity of a user account.</summary>
public readonly record struct UserId(string Value) : IComparable<UserId>
{
    public int CompareTo(UserId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
