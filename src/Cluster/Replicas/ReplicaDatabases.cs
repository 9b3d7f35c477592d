namespace Convergence.Cluster.Replicas;

/// <summary>Creates each region's database on its server.</summary>
internal static class ReplicaDatabases
{
    public static async Task EnsureCreatedAsync(IEnumerable<IReplicaServer> servers, CancellationToken cancellationToken)
    {
        await Task.WhenAll(servers.Select(async server =>
        {
            using var client = server.CreateClient();
            await client.GetOrCreateDatabaseAsync(server.DatabaseName, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }
}
