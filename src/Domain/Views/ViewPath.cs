using System.Runtime.CompilerServices;
using System.Text;

namespace Convergence.Domain.Views;

/// <summary>
/// Where a fact sits in a view: a sequence of typed scalar segments (module name, collection, id,
/// field). A segment never needs escaping because it is never split: <c>["friends", "x~y", "z"]</c>
/// and <c>["friends", "x", "y~z"]</c> are different paths, and print differently.
/// </summary>
[CollectionBuilder(typeof(ViewPath), nameof(Create))]
public sealed class ViewPath : IEquatable<ViewPath>, IComparable<ViewPath>, IEnumerable<ViewValue>
{
    private readonly ViewValue[] _segments;

    private ViewPath(ViewValue[] segments)
    {
        foreach (var segment in segments)
        {
            if (!segment.IsScalar) throw new ArgumentException($"a path segment must be a scalar, not a {segment.Kind}");
        }
        _segments = segments;
    }

    public static ViewPath Create(ReadOnlySpan<ViewValue> segments) => new(segments.ToArray());

    public static ViewPath Of(params ViewValue[] segments) => new((ViewValue[])segments.Clone());

    public IReadOnlyList<ViewValue> Segments => _segments;

    public int Length => _segments.Length;

    public ViewValue this[int index] => _segments[index];

    /// <summary>This path under <paramref name="prefix"/> (e.g. a module name).</summary>
    public ViewPath Under(ViewValue prefix) => new([prefix, .. _segments]);

    public bool Equals(ViewPath? other) => other is not null && _segments.AsSpan().SequenceEqual(other._segments);

    public override bool Equals(object? obj) => Equals(obj as ViewPath);

    public override int GetHashCode() => _segments.Aggregate(_segments.Length, HashCode.Combine);

    /// <summary>Segment by segment; a path sorts before its extensions.</summary>
    public int CompareTo(ViewPath? other)
    {
        if (other is null) return 1;
        for (var i = 0; i < Math.Min(_segments.Length, other._segments.Length); i++)
        {
            var bySegment = _segments[i].CompareTo(other._segments[i]);
            if (bySegment != 0) return bySegment;
        }
        return _segments.Length.CompareTo(other._segments.Length);
    }

    /// <summary>Appends the segment count and each segment's canonical encoding.</summary>
    internal void AppendEncoding(ViewEncoder encoder)
    {
        encoder.WriteInt32(_segments.Length);
        foreach (var segment in _segments) segment.AppendEncoding(encoder);
    }

    public IEnumerator<ViewValue> GetEnumerator() => ((IEnumerable<ViewValue>)_segments).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Segments joined by <c>/</c>; any segment that is not a plain name is quoted and escaped.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _segments.Length; i++)
        {
            if (i > 0) text.Append('/');
            _segments[i].WriteSegment(text);
        }
        return text.ToString();
    }
}
