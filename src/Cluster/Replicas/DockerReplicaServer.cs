using System.Globalization;
using Convergence.Cluster.CouchDb;
using DotNet.Testcontainers.Containers;

namespace Convergence.Cluster.Replicas;

/// <summary>A region's Apache CouchDB 3 container, removed when disposed.</summary>
public sealed class DockerReplicaServer : IReplicaServer, IAsyncDisposable
{
    private readonly IContainer _container;

    private DockerReplicaServer(string name, IContainer container, CouchCredentials credentials)
    {
        _container = container;
        Name = name;
        Credentials = credentials;
        DatabaseName = ReplicaNaming.DatabaseName(name);
        var port = container.GetMappedPublicPort(CouchDbContainer.CouchDbPort);
        BaseUri = new Uri($"http://{container.Hostname}:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public string Name { get; }

    public Uri BaseUri { get; }

    public CouchCredentials? Credentials { get; }

    public string DatabaseName { get; }

    /// <summary>Starts a container for the region and waits until <c>/_up</c> answers 200.</summary>
    public static async Task<DockerReplicaServer> StartAsync(string region, DockerReplicaOptions options, CancellationToken cancellationToken = default)
    {
        ReplicaNaming.Validate(region);
        var container = CouchDbContainer.Build(options);
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            return new DockerReplicaServer(region, container, options.Credentials);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    /// <inheritdoc />
    public override string ToString() => $"{Name} (CouchDB container {BaseUri})";
}
