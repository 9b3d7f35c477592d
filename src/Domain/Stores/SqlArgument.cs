namespace Convergence.Domain.Stores;

/// <summary>One named parameter of a SQL handler or query (<c>@Name</c> in the SQL); a null value is SQL NULL.</summary>
public readonly record struct SqlArgument(string Name, object? Value)
{
    public override string ToString() => $"@{Name}={Value ?? "NULL"}";
}
