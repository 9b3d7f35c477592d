using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Replicas;

/// <summary>Creates each region's database on its server (<c>q=1&amp;n=1</c> where the server is a single CouchDB node).</summary>
internal static class ReplicaDatabases
{
    public static async Task EnsureCreatedAsync(IEnumerable<IReplicaServer> servers, CancellationToken cancellationToken)
    {
        await Task.WhenAll(servers.Select(async server =>
        {
            using var client = server.CreateClient();
            await client.GetOrCreateDatabaseAsync(server.DatabaseName, await PlacementAsync(client, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// One shard and one copy on a single-node CouchDB (the default n=3 cannot be met and CouchDB logs a warning for every
    /// database created so); the server's defaults on a real cluster; nothing on pouchdb-server, which has no
    /// <c>_membership</c>. An answer that cannot be read (not an admin, say) also leaves the defaults.
    /// </summary>
    internal static async Task<DatabasePlacement?> PlacementAsync(CouchClient client, CancellationToken cancellationToken)
    {
        try
        {
            var size = await client.GetClusterSizeAsync(cancellationToken).ConfigureAwait(false);
            return size is { IsSupported: true, Value: 1 } ? DatabasePlacement.SingleNode : null;
        }
        catch (CouchException)
        {
            return null;
        }
    }
}
