using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Replicas;

/// <summary>Clients and endpoints for a replica server.</summary>
public static class ReplicaServerExtensions
{
    /// <summary>A new client for the server (the caller disposes it).</summary>
    public static CouchClient CreateClient(this IReplicaServer server) =>
        new(new CouchClientOptions(server.BaseUri) { Credentials = server.Credentials });

    /// <summary>The region database's absolute URI, without credentials.</summary>
    public static Uri DatabaseUri(this IReplicaServer server) =>
        new(new CouchClientOptions(server.BaseUri).BaseUri, Uri.EscapeDataString(server.DatabaseName));

    /// <summary>The region database as a replication source or target, with the server's credentials.</summary>
    public static ReplicationEndpoint ToReplicationEndpoint(this IReplicaServer server) =>
        ReplicationEndpoint.FromUri(server.DatabaseUri(), server.Credentials);
}
