using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>One row of <c>_all_docs</c>; <see cref="Error"/> is set (e.g. <c>not_found</c>) for a requested key that is missing.</summary>
public sealed record AllDocsRow(string Key, string? Id, string? Revision, bool Deleted, JsonElement? Document, string? Error)
{
    internal static AllDocsRow FromJson(JsonElement row)
    {
        string? rev = null;
        var deleted = false;
        if (row.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object)
        {
            rev = value.GetStringOrNull("rev");
            deleted = value.GetBooleanOrFalse("deleted");
        }

        return new AllDocsRow(
            row.GetStringOrNull("key") ?? string.Empty,
            row.GetStringOrNull("id"),
            rev,
            deleted,
            row.GetClonedOrNull("doc"),
            row.GetStringOrNull("error"));
    }
}
