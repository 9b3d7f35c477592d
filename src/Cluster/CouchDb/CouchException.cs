using System.Net;

namespace Convergence.Cluster.CouchDb;

/// <summary>A CouchDB request failed; carries the HTTP status and the server's error and reason.</summary>
public class CouchException : Exception
{
    public CouchException(HttpStatusCode statusCode, string error, string reason, string requestDescription)
        : base($"{requestDescription} failed: {(int)statusCode} {error}: {reason}")
    {
        StatusCode = statusCode;
        Error = error;
        Reason = reason;
    }

    /// <summary>The HTTP status the server answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>error</c> field of the server's body (e.g. <c>not_found</c>), or the status text when the body had none.</summary>
    public string Error { get; }

    /// <summary>The <c>reason</c> field of the server's body (e.g. <c>missing</c>, <c>no_db_file</c>).</summary>
    public string Reason { get; }
}
