using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Replicas;

/// <summary>A region's database on a server the harness reaches by URL and does not control.</summary>
public sealed class ExternalReplicaServer(string name, Uri baseUri, CouchCredentials? credentials, RunNamespace? runNamespace = null) : IReplicaServer
{
    public string Name { get; } = name;

    public Uri BaseUri { get; } = new CouchClientOptions(baseUri).BaseUri;

    public CouchCredentials? Credentials { get; } = credentials;

    public string DatabaseName { get; } = runNamespace?.DatabaseName(name) ?? ReplicaNaming.DatabaseName(name);

    /// <inheritdoc />
    public override string ToString() => $"{Name} (external {BaseUri}{DatabaseName})";
}
