using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Replicas;

/// <summary>The CouchDB-compatible server that holds one region's event database.</summary>
public interface IReplicaServer
{
    /// <summary>The region this server holds (also the server's display name).</summary>
    string Name { get; }

    /// <summary>The server's root URI, without credentials.</summary>
    Uri BaseUri { get; }

    /// <summary>Credentials to talk to the server with, or null when it needs none.</summary>
    CouchCredentials? Credentials { get; }

    /// <summary>The region's database on this server (<c>events-&lt;region&gt;</c>; regions may share a server).</summary>
    string DatabaseName { get; }
}
