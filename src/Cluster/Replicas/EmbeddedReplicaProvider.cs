namespace Convergence.Cluster.Replicas;

/// <summary>The default backend: one pouchdb-server process per region, started in parallel, stopped with the set.</summary>
public sealed class EmbeddedReplicaProvider(EmbeddedReplicaOptions options) : IReplicaProvider
{
    public Task<ReplicaSet> StartAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken = default) =>
        ReplicaSet.StartOwnedAsync(regions, (region, ct) => EmbeddedReplicaServer.StartAsync(region, options, ct), cancellationToken);
}
