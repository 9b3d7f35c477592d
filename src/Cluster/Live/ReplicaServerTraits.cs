using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Live;

/// <summary>
/// What the live engine must know of a region's server to drive it: how it takes replication credentials and whether
/// its replication scheduler can be asked about jobs (CouchDB 3: <c>_scheduler/docs</c>; pouchdb-server: no).
/// </summary>
internal sealed record ReplicaServerTraits(string Product, ReplicationCredentialStyle CredentialStyle, bool HasScheduler)
{
    /// <summary>Asks the server (<c>GET /</c> and <c>GET /_scheduler/docs?limit=0</c>).</summary>
    public static async Task<ReplicaServerTraits> ReadAsync(CouchClient client, CancellationToken cancellationToken)
    {
        var info = await client.GetServerInfoAsync(cancellationToken).ConfigureAwait(false);
        var scheduler = !info.IsPouchDb && (await client.GetSchedulerDocsAsync(cancellationToken).ConfigureAwait(false)).IsSupported;
        var product = info.IsPouchDb ? $"pouchdb-server {info.Version}" : $"CouchDB {info.Version}";
        return new ReplicaServerTraits(product, info.ReplicationCredentialStyle, scheduler);
    }
}
