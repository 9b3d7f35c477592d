namespace Convergence.Domain.Identity;

/// <summary>Identity of a comment on a post.</summary>
public readonly record struct CommentId(string Value) : IComparable<CommentId>
{
    public int CompareTo(CommentId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
