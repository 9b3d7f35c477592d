using System.Net;

namespace Convergence.Cluster.CouchDb;

/// <summary>401 or 403: missing, wrong or insufficient credentials.</summary>
public sealed class CouchUnauthorizedException(HttpStatusCode statusCode, string error, string reason, string requestDescription)
    : CouchException(statusCode, error, reason, requestDescription);
