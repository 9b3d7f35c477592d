using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>
/// One row of a <c>_bulk_docs</c> answer. A rejected document (e.g. <c>conflict</c>) is reported here as a
/// value with <see cref="Error"/> set; the request as a whole still succeeded.
/// </summary>
public sealed record BulkDocResult(string? Id, string? Revision, string? Error, string? Reason)
{
    public bool Succeeded => Error is null;

    internal static BulkDocResult FromJson(JsonElement row) => new(
        row.GetStringOrNull("id"),
        row.GetStringOrNull("rev"),
        row.GetStringOrNull("error"),
        row.GetStringOrNull("reason"));
}
