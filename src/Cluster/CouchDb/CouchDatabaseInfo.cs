using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>The answer of <c>GET /{db}</c>: document count and update sequence.</summary>
public sealed record CouchDatabaseInfo(string Name, long DocumentCount, long DeletedDocumentCount, ChangeSequence UpdateSequence, JsonElement Raw)
{
    internal static CouchDatabaseInfo FromJson(JsonElement root) => new(
        root.GetStringOrNull("db_name") ?? string.Empty,
        root.GetInt64OrNull("doc_count") ?? 0,
        root.GetInt64OrNull("doc_del_count") ?? 0,
        root.TryGetProperty("update_seq", out var seq) ? ChangeSequence.FromJson(seq) : ChangeSequence.Start,
        root.Clone());
}
