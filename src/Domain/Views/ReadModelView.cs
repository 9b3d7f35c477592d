using System.Text;

namespace Convergence.Domain.Views;

/// <summary>
/// The canonical, sorted, structured form of a read model: one typed entry per fact (e.g.
/// <c>social/posts/p1/text = "hello"</c>). Two views are equal exactly when their entries are,
/// entry by entry; the digest is only a fingerprint of an injective encoding of the entries.
/// </summary>
public sealed class ReadModelView : IEquatable<ReadModelView>
{
    private readonly ViewEntry[] _entries;
    private string? _digest;

    internal ReadModelView(ViewEntry[] sortedEntries) => _entries = sortedEntries;

    public static ReadModelView Empty { get; } = new([]);

    public IReadOnlyList<ViewEntry> Entries => _entries;

    public int Count => _entries.Length;

    /// <summary>
    /// Lower-case hex SHA-256 of the canonical encoding (entry count, then each path and value,
    /// length-prefixed): different views never share an encoding, so a shared digest means a hash collision.
    /// </summary>
    public string Digest => _digest ??= ComputeDigest();

    /// <summary>The value at <paramref name="path"/>, or null.</summary>
    public ViewValue? Find(ViewPath path)
    {
        var index = Array.BinarySearch(_entries, new ViewEntry(path, ViewValue.False), EntryPathComparer.Instance);
        return index >= 0 ? _entries[index].Value : null;
    }

    /// <summary>The entries whose first segment names one of the given modules.</summary>
    public ReadModelView OnlyModules(IReadOnlySet<string> moduleNames) =>
        new(_entries.Where(e => e.Path.Length > 0 && e.Path[0].Kind == ViewValueKind.Text && moduleNames.Contains(e.Path[0].AsText)).ToArray());

    public ViewDiff DiffTo(ReadModelView other) => ViewDiff.Between(this, other);

    public bool Equals(ReadModelView? other) =>
        other is not null && (ReferenceEquals(this, other) || _entries.AsSpan().SequenceEqual(other._entries));

    public override bool Equals(object? obj) => Equals(obj as ReadModelView);

    public override int GetHashCode() => Digest.GetHashCode(StringComparison.Ordinal);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var entry in _entries) text.Append(entry).Append('\n');
        return text.ToString();
    }

    private string ComputeDigest()
    {
        using var encoder = new ViewEncoder();
        encoder.WriteInt32(_entries.Length);
        foreach (var entry in _entries)
        {
            entry.Path.AppendEncoding(encoder);
            entry.Value.AppendEncoding(encoder);
        }
        return encoder.HexDigest();
    }

    private sealed class EntryPathComparer : IComparer<ViewEntry>
    {
        public static EntryPathComparer Instance { get; } = new();

        public int Compare(ViewEntry? x, ViewEntry? y) => x!.Path.CompareTo(y!.Path);
    }
}
