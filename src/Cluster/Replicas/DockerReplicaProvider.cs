namespace Convergence.Cluster.Replicas;

/// <summary>One Apache CouchDB 3 container per region (Testcontainers); needs a reachable Docker daemon.</summary>
public sealed class DockerReplicaProvider(DockerReplicaOptions options) : IReplicaProvider
{
    public async Task<ReplicaSet> StartAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken = default)
    {
        ReplicaNaming.ValidateAll(regions);
        var starts = regions.Select(region => DockerReplicaServer.StartAsync(region, options, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch
        {
            foreach (var start in starts.Where(start => start.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        var servers = starts.Select(start => start.Result).ToList();
        var set = new ReplicaSet(servers, servers);
        try
        {
            await ReplicaDatabases.EnsureCreatedAsync(set, cancellationToken).ConfigureAwait(false);
            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
