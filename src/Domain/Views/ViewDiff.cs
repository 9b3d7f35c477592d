using System.Text;

namespace Convergence.Domain.Views;

/// <summary>One path on which two views disagree (null where a side has no entry).</summary>
public sealed record ViewDifference(ViewPath Path, ViewValue? Left, ViewValue? Right)
{
    public override string ToString() => (Left, Right) switch
    {
        (null, _) => $"{Path} only in B ({Right})",
        (_, null) => $"{Path} only in A ({Left})",
        _ => $"{Path}: A {Left} | B {Right}",
    };
}

/// <summary>The readable difference between two views, path by path; paths and values are printed escaped.</summary>
public sealed class ViewDiff
{
    private ViewDiff(IReadOnlyList<ViewDifference> differences) => Differences = differences;

    public IReadOnlyList<ViewDifference> Differences { get; }

    public bool IsEmpty => Differences.Count == 0;

    public static ViewDiff Between(ReadModelView left, ReadModelView right)
    {
        var differences = new List<ViewDifference>();
        var a = left.Entries;
        var b = right.Entries;
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            var order = i >= a.Count ? 1 : j >= b.Count ? -1 : a[i].Path.CompareTo(b[j].Path);
            if (order < 0) differences.Add(new ViewDifference(a[i].Path, a[i++].Value, null));
            else if (order > 0) differences.Add(new ViewDifference(b[j].Path, null, b[j++].Value));
            else
            {
                if (!a[i].Value.Equals(b[j].Value)) differences.Add(new ViewDifference(a[i].Path, a[i].Value, b[j].Value));
                i++;
                j++;
            }
        }
        return new ViewDiff(differences);
    }

    /// <summary>At most <paramref name="limit"/> differences, one per line, with a count of the rest.</summary>
    public string Describe(int limit = 20)
    {
        if (IsEmpty) return "no difference";
        var text = new StringBuilder();
        foreach (var difference in Differences.Take(limit)) text.Append(difference).Append('\n');
        if (Differences.Count > limit) text.Append("... and ").Append(Differences.Count - limit).Append(" more\n");
        return text.ToString().TrimEnd('\n');
    }

    public override string ToString() => Describe();
}
