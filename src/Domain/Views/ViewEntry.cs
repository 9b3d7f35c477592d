namespace Convergence.Domain.Views;

/// <summary>One fact of a view: a path and the value there.</summary>
public sealed record ViewEntry(ViewPath Path, ViewValue Value)
{
    public override string ToString() => $"{Path} = {Value}";
}
