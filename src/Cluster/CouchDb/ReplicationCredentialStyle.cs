namespace Convergence.Cluster.CouchDb;

/// <summary>
/// How a replication endpoint carries its credentials: never in the URL (a URL's user info ends up in logs, in
/// <c>_active_tasks</c> on old servers and in every copy of the document), but in a field CouchDB knows to redact.
/// </summary>
public enum ReplicationCredentialStyle
{
    /// <summary>
    /// <c>"headers": {"Authorization": "Basic …"}</c>: understood by every CouchDB since 1.x and by pouchdb-server's
    /// replicator (which requires the <c>headers</c> object whenever the endpoint is an object).
    /// </summary>
    AuthorizationHeader,

    /// <summary><c>"auth": {"basic": {"username": …, "password": …}}</c>: CouchDB 3.2 and later (apache/couchdb#3586).</summary>
    AuthObject,
}
