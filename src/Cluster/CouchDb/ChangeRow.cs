using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>One row of a <c>_changes</c> feed: a document changed at <see cref="Sequence"/>.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Sequence">Where this change sits in the feed (opaque).</param>
/// <param name="Deleted">True when the change is a deletion.</param>
/// <param name="Revisions">The leaf revisions of the change.</param>
/// <param name="Document">The document body; only with <c>include_docs=true</c>.</param>
public sealed record ChangeRow(string Id, ChangeSequence Sequence, bool Deleted, IReadOnlyList<string> Revisions, JsonElement? Document)
{
    internal static ChangeRow FromJson(JsonElement row)
    {
        var revisions = new List<string>();
        if (row.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Array)
        {
            foreach (var change in changes.EnumerateArray())
            {
                if (change.GetStringOrNull("rev") is { } rev)
                {
                    revisions.Add(rev);
                }
            }
        }

        return new ChangeRow(
            row.GetStringOrNull("id") ?? string.Empty,
            row.TryGetProperty("seq", out var seq) ? ChangeSequence.FromJson(seq) : ChangeSequence.Start,
            row.GetBooleanOrFalse("deleted"),
            revisions,
            row.GetClonedOrNull("doc"));
    }
}
