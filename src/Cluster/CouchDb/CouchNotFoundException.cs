using System.Net;

namespace Convergence.Cluster.CouchDb;

/// <summary>404: the database or document does not exist (or the endpoint is not supported by this server).</summary>
public sealed class CouchNotFoundException(string error, string reason, string requestDescription)
    : CouchException(HttpStatusCode.NotFound, error, reason, requestDescription);
