namespace Convergence.Cluster.CouchDb;

/// <summary>
/// A body for <c>POST /_replicate</c>. Prefer <see cref="ReplicationDocument"/>s: CouchDB drops <c>_replicate</c> jobs
/// when they crash, and pouchdb-server can die on an unhandled rejection from them during a partition.
/// </summary>
public sealed record ReplicationRequest(ReplicationEndpoint Source, ReplicationEndpoint Target)
{
    public bool Continuous { get; init; }

    public bool CreateTarget { get; init; }

    /// <summary>Cancels a running continuous replication with the same source, target and options.</summary>
    public bool Cancel { get; init; }

    /// <summary>How endpoints with credentials carry them.</summary>
    public ReplicationCredentialStyle CredentialStyle { get; init; } = ReplicationCredentialStyle.AuthorizationHeader;
}
