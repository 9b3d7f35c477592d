namespace Convergence.Cluster.Replicas;

/// <summary>The default backend: one pouchdb-server process per region, started in parallel, stopped with the set.</summary>
public sealed class EmbeddedReplicaProvider(EmbeddedReplicaOptions options) : IReplicaProvider
{
    public async Task<ReplicaSet> StartAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken = default)
    {
        ReplicaNaming.ValidateAll(regions);
        var starts = regions.Select(region => EmbeddedReplicaServer.StartAsync(region, options, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch
        {
            // Stop the ones that did start before reporting the failure: no process outlives a failed start.
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
