namespace Convergence.Cluster.Replicas;

/// <summary>One Apache CouchDB 3 container per region (Testcontainers); needs a reachable Docker daemon.</summary>
public sealed class DockerReplicaProvider(DockerReplicaOptions options) : IReplicaProvider
{
    public Task<ReplicaSet> StartAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken = default) =>
        ReplicaSet.StartOwnedAsync(regions, (region, ct) => DockerReplicaServer.StartAsync(region, options, ct), cancellationToken);
}
