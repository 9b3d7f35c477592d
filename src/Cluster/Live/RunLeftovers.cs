using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Live;

/// <summary>
/// Finds and removes what earlier runs left on shared servers under a name prefix (a run killed by SIGKILL, or kept with
/// <c>--keep</c>). A run never reuses them — its own names carry its run id — but it reports them, because leftover
/// replication documents keep retrying against proxies that no longer exist and fill the server's log.
/// </summary>
public static class RunLeftovers
{
    /// <summary>Per distinct server, what lies under <paramref name="prefix"/> (servers with nothing are left out).</summary>
    public static async Task<IReadOnlyList<RunLeftover>> FindAsync(
        IEnumerable<Uri> servers, CouchCredentials? credentials, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var found = new List<RunLeftover>();
        foreach (var server in Distinct(servers))
        {
            using var client = new CouchClient(server, credentials);
            var databases = (await client.GetDatabaseNamesAsync(cancellationToken).ConfigureAwait(false))
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToArray();
            var documents = await ReplicationDocumentIdsAsync(client, prefix, cancellationToken).ConfigureAwait(false);
            var leftover = new RunLeftover(client.BaseUri, databases, documents);
            if (!leftover.IsEmpty) found.Add(leftover);
        }

        return found;
    }

    /// <summary>Deletes the leftovers: replication documents first (they stop their jobs), then the databases.</summary>
    public static async Task RemoveAsync(IEnumerable<RunLeftover> leftovers, CouchCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leftovers);
        foreach (var leftover in leftovers)
        {
            using var client = new CouchClient(leftover.Server, credentials);
            foreach (var id in leftover.ReplicationDocuments) await client.Replicator.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
            foreach (var database in leftover.Databases)
            {
                try
                {
                    await client.DeleteDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
                }
                catch (CouchNotFoundException)
                {
                    // Gone meanwhile: that is what was wanted.
                }
            }
        }
    }

    private static async Task<string[]> ReplicationDocumentIdsAsync(CouchClient client, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await client.GetDatabase(CouchReplicator.DatabaseName).GetAllDocsAsync(
                new AllDocsQuery { StartKey = prefix, EndKey = prefix + "\ufff0" }, cancellationToken).ConfigureAwait(false);
            return rows.Rows.Where(r => r.Id is not null && !r.Deleted).Select(r => r.Id!).ToArray();
        }
        catch (CouchNotFoundException)
        {
            return []; // no _replicator database: nothing was ever replicated there
        }
    }

    private static IEnumerable<Uri> Distinct(IEnumerable<Uri> servers) =>
        servers.Select(s => new CouchClientOptions(s).BaseUri).DistinctBy(s => s.AbsoluteUri, StringComparer.Ordinal);
}
