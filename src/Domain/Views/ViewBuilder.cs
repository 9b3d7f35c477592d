namespace Convergence.Domain.Views;

/// <summary>Collects the entries of a view; each module writes under its own name.</summary>
public sealed class ViewBuilder
{
    private readonly List<ViewEntry> _entries = [];
    private ViewValue? _module;

    internal void EnterModule(string moduleName) => _module = ViewValue.Text(moduleName);

    /// <summary>Adds one entry; a path written twice is a bug in the module, and <see cref="Build"/> throws.</summary>
    public void Add(ViewPath path, ViewValue value) => _entries.Add(new ViewEntry(_module is null ? path : path.Under(_module), value));

    /// <summary>Adds a set of texts (written as one typed set value, never joined into one string).</summary>
    public void AddSet(ViewPath path, IEnumerable<string> items) => Add(path, ViewValue.SetOf(items));

    public ReadModelView Build()
    {
        var entries = _entries.ToArray();
        Array.Sort(entries, (a, b) => a.Path.CompareTo(b.Path));
        for (var i = 1; i < entries.Length; i++)
        {
            if (entries[i].Path.Equals(entries[i - 1].Path))
                throw new InvalidOperationException($"view path {entries[i].Path} written twice");
        }
        return new ReadModelView(entries);
    }
}
