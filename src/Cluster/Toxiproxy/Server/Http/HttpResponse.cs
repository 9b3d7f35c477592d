using System.Text;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>A complete HTTP response: status, content type, body (sent with Content-Length) and an optional Location.</summary>
internal sealed record HttpResponse(int StatusCode, string? ContentType, byte[] Body)
{
    public const string PlainText = "text/plain; charset=utf-8";

    /// <summary>The redirect target of a 301.</summary>
    public string? Location { get; init; }

    public static HttpResponse Json(int statusCode, byte[] body, string contentType = "application/json") => new(statusCode, contentType, body);

    public static HttpResponse Text(int statusCode, string body) => new(statusCode, PlainText, Encoding.UTF8.GetBytes(body));

    public static HttpResponse Empty(int statusCode) => new(statusCode, null, []);

    public static HttpResponse NoContent() => Empty(204);

    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    };
}
