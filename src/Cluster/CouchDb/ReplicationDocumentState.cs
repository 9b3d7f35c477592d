using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>
/// A <c>_replicator</c> document as stored, with the <c>_replication_state</c> the server wrote into it. pouchdb-server
/// keeps <c>triggered</c> through errors and stalls, so the state alone cannot tell that a replication is dead.
/// </summary>
public sealed record ReplicationDocumentState(string Id, string Revision, string? State, JsonElement Raw)
{
    internal static ReplicationDocumentState FromJson(JsonElement root) => new(
        root.GetStringOrNull("_id") ?? string.Empty,
        root.GetStringOrNull("_rev") ?? string.Empty,
        root.GetStringOrNull("_replication_state"),
        root.Clone());
}
