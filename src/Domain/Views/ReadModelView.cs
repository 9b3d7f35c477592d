using System.Security.Cryptography;
using System.Text;

namespace Convergence.Domain.Views;

/// <summary>
/// The canonical, sorted form of a read model: one <c>path = value</c> entry per visible fact
/// (e.g. <c>social/posts/p1/text = "hello"</c>). Two regions agree exactly when their views are
/// equal; the digest is a SHA-256 of the sorted entries.
/// </summary>
public sealed class ReadModelView : IEquatable<ReadModelView>
{
    private readonly KeyValuePair<string, string>[] _entries;
    private string? _digest;

    internal ReadModelView(KeyValuePair<string, string>[] sortedEntries) => _entries = sortedEntries;

    public static ReadModelView Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    public int Count => _entries.Length;

    /// <summary>Lower-case hex SHA-256 of the entries in order, each written as <c>path\tvalue\n</c>.</summary>
    public string Digest => _digest ??= ComputeDigest();

    /// <summary>The entries whose path starts with one of the given module names.</summary>
    public ReadModelView OnlyModules(IReadOnlySet<string> moduleNames) =>
        new(_entries.Where(e => moduleNames.Contains(e.Key[..Math.Max(0, e.Key.IndexOf('/'))])).ToArray());

    public ViewDiff DiffTo(ReadModelView other) => ViewDiff.Between(this, other);

    public bool Equals(ReadModelView? other) =>
        other is not null && _entries.Length == other._entries.Length && Digest == other.Digest;

    public override bool Equals(object? obj) => Equals(obj as ReadModelView);

    public override int GetHashCode() => Digest.GetHashCode(StringComparison.Ordinal);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (path, value) in _entries) text.Append(path).Append(" = ").Append(value).Append('\n');
        return text.ToString();
    }

    private string ComputeDigest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separators = [(byte)'\t', (byte)'\n'];
        foreach (var (path, value) in _entries)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            hash.AppendData(separators[..1]);
            hash.AppendData(Encoding.UTF8.GetBytes(value));
            hash.AppendData(separators[1..]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
