using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>
/// A document in the <c>_replicator</c> database: one replication that the server keeps running.
/// <see cref="Generation"/> is written as an extra <c>generation</c> field: re-creating a deleted document with an
/// identical body is silently ignored by pouchdb-server, so a supervisor that restarts a stalled replication bumps it
/// (the replication resumes from its checkpoint, as the replication id does not depend on it).
/// </summary>
public sealed record ReplicationDocument(string Id, ReplicationEndpoint Source, ReplicationEndpoint Target)
{
    public bool Continuous { get; init; } = true;

    public bool CreateTarget { get; init; }

    public int Generation { get; init; }

    /// <summary>How endpoints with credentials carry them (the server decides what it understands).</summary>
    public ReplicationCredentialStyle CredentialStyle { get; init; } = ReplicationCredentialStyle.AuthorizationHeader;

    /// <summary>
    /// Further fields of the document, as raw JSON values by name (e.g. <c>batch_size</c>: <c>500</c>): CouchDB and
    /// pouchdb-server read replication options from the document itself.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExtraFields { get; init; } = new Dictionary<string, string>();

    /// <summary>The same replication with <see cref="Generation"/> + 1.</summary>
    public ReplicationDocument WithNextGeneration() => this with { Generation = Generation + 1 };

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("_id", Id);
        Source.WriteTo(writer, "source", CredentialStyle);
        Target.WriteTo(writer, "target", CredentialStyle);
        writer.WriteBoolean("continuous", Continuous);
        if (CreateTarget)
        {
            writer.WriteBoolean("create_target", true);
        }

        writer.WriteNumber("generation", Generation);
        foreach (var (name, json) in ExtraFields)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(json);
        }

        writer.WriteEndObject();
    }

    /// <summary>The document's JSON as stored (it holds the credentials: never log it).</summary>
    internal string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
