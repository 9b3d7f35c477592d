using System.Security.Cryptography;
using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Replicas;

/// <summary>How Apache CouchDB containers are started through Testcontainers, one per region.</summary>
public sealed record DockerReplicaOptions
{
    /// <summary>The image; <c>couchdb:3</c> by default.</summary>
    public string Image { get; init; } = "couchdb:3";

    /// <summary>The admin the container is created with (a random password unless given).</summary>
    public CouchCredentials Credentials { get; init; } = new("admin", Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));

    /// <summary>
    /// <c>[replicator] interval</c> in milliseconds. CouchDB's default 60,000 ms means 30–90 s or more to recover after
    /// a heal; null keeps the default.
    /// </summary>
    public int? ReplicatorIntervalMs { get; init; }
}
