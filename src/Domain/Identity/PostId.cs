namespace Convergence.Domain.Identity;

/// <summary>Identity of a post.</summary>
public readonly record struct PostId(string Value) : IComparable<PostId>
{
    public int CompareTo(PostId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
