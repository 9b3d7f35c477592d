using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Replicas;

/// <summary>Servers the harness does not start (Apache CouchDB 3.x or pouchdb-server), by URL.</summary>
public sealed record ExternalReplicaOptions
{
    public ExternalReplicaOptions(IReadOnlyList<Uri> serverUris)
    {
        ArgumentNullException.ThrowIfNull(serverUris);
        if (serverUris.Count == 0)
        {
            throw new ArgumentException("At least one server URI is needed.", nameof(serverUris));
        }

        foreach (var uri in serverUris)
        {
            if (!uri.IsAbsoluteUri || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException($"Server URIs must be absolute and carry no credentials (use {CouchCredentials.UserVariable}/{CouchCredentials.PasswordVariable}): {uri.Scheme}://{uri.Host}:{uri.Port}", nameof(serverUris));
            }
        }

        ServerUris = serverUris;
    }

    /// <summary>Region i uses server i modulo the count: one URL for all regions, or one per region.</summary>
    public IReadOnlyList<Uri> ServerUris { get; }

    /// <summary>Admin credentials for every server; by default from <c>COUCHDB_USER</c>/<c>COUCHDB_PASSWORD</c>.</summary>
    public CouchCredentials? Credentials { get; init; } = CouchCredentials.FromEnvironment();

    /// <summary>
    /// The run's names on these shared servers: with one, region databases are the run's own
    /// (<see cref="RunNamespace.DatabaseName"/>); without, the fixed <c>events-&lt;region&gt;</c>.
    /// </summary>
    public RunNamespace? Namespace { get; init; }
}
