using System.Net;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>A Toxiproxy API call answered with an error status; carries the status and the server's message.</summary>
public sealed class ToxiproxyException : Exception
{
    public ToxiproxyException(HttpStatusCode statusCode, string errorMessage)
        : base($"Toxiproxy answered {(int)statusCode} ({statusCode}): {errorMessage}")
    {
        StatusCode = statusCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The HTTP status of the answer, e.g. 404 for an unknown proxy or toxic.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>error</c> field of the answer's body (or the raw body when it was not JSON).</summary>
    public string ErrorMessage { get; }
}
