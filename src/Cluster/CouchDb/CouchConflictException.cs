using System.Net;

namespace Convergence.Cluster.CouchDb;

/// <summary>409: a document update conflicted with the stored revision.</summary>
public sealed class CouchConflictException(string error, string reason, string requestDescription)
    : CouchException(HttpStatusCode.Conflict, error, reason, requestDescription);
