namespace Convergence.Domain.Views;

/// <summary>Collects the entries of a view; each module writes under its own name.</summary>
public sealed class ViewBuilder
{
    private readonly SortedDictionary<string, string> _entries = new(StringComparer.Ordinal);
    private string _prefix = "";

    internal void EnterModule(string moduleName) => _prefix = moduleName + "/";

    /// <summary>Adds one entry; a path written twice is a bug in the module and throws.</summary>
    public void Add(string path, string value)
    {
        if (!_entries.TryAdd(_prefix + path, value))
            throw new InvalidOperationException($"view path '{_prefix + path}' written twice");
    }

    public ReadModelView Build() => new(_entries.ToArray());
}
