namespace Convergence.Cluster.CouchDb;

/// <summary>The server's <c>_replicator</c> database: create, read and delete replication documents.</summary>
public sealed class CouchReplicator
{
    /// <summary>The name of the replicator database.</summary>
    public const string DatabaseName = "_replicator";

    private readonly CouchClient _client;
    private readonly CouchDatabase _database;

    internal CouchReplicator(CouchClient client)
    {
        _client = client;
        _database = client.GetDatabase(DatabaseName);
    }

    /// <summary>
    /// Stores a new replication document (creating <c>_replicator</c> when the server has none yet). An existing
    /// document with the same id throws <see cref="CouchConflictException"/>: use <see cref="RecreateAsync"/>.
    /// </summary>
    public async Task<DocumentWriteResult> PutAsync(ReplicationDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var body = Serialize(document);
        try
        {
            return await _database.PutDocumentAsync(document.Id, body, cancellationToken).ConfigureAwait(false);
        }
        catch (CouchNotFoundException)
        {
            await _client.GetOrCreateDatabaseAsync(DatabaseName, cancellationToken).ConfigureAwait(false);
            return await _database.PutDocumentAsync(document.Id, body, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The stored document and its replication state, or null when there is none.</summary>
    public async Task<ReplicationDocumentState?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            var document = await _database.GetDocumentAsync(id, cancellationToken).ConfigureAwait(false);
            return ReplicationDocumentState.FromJson(document);
        }
        catch (CouchNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes a replication document, which stops its replication; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        // The server updates the document (state fields) on its own, so a conflict means "read the rev again".
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return false;
            }

            try
            {
                await _database.DeleteDocumentAsync(id, current.Revision, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (CouchConflictException) when (attempt < 5)
            {
            }
            catch (CouchNotFoundException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Deletes the document and stores it again with the next generation: the recovery for a replication that stopped
    /// making progress (a changed body is required; pouchdb-server ignores an identical one). Returns what was stored.
    /// </summary>
    public async Task<ReplicationDocument> RecreateAsync(ReplicationDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        await DeleteAsync(document.Id, cancellationToken).ConfigureAwait(false);
        var next = document.WithNextGeneration();
        await PutAsync(next, cancellationToken).ConfigureAwait(false);
        return next;
    }

    private static byte[] Serialize(ReplicationDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            document.WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
