namespace Convergence.Cluster.Replicas;

/// <summary>Connects regions to existing servers: checks each answers and creates the region databases; stops nothing.</summary>
public sealed class ExternalReplicaProvider(ExternalReplicaOptions options) : IReplicaProvider
{
    public async Task<ReplicaSet> StartAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken = default)
    {
        ReplicaNaming.ValidateAll(regions);
        var servers = regions
            .Select((region, index) => (IReplicaServer)new ExternalReplicaServer(region, options.ServerUris[index % options.ServerUris.Count], options.Credentials, options.Namespace))
            .ToList();
        foreach (var server in servers)
        {
            using var client = server.CreateClient();
            if (!await client.IsUpAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"The CouchDB server for region '{server.Name}' at {server.BaseUri} does not answer.");
            }
        }

        await ReplicaDatabases.EnsureCreatedAsync(servers, cancellationToken).ConfigureAwait(false);
        return new ReplicaSet(servers, []);
    }
}
