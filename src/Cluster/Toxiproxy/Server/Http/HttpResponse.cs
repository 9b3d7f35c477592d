using System.Text;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>A complete HTTP response: status, content type and body (always sent with Content-Length).</summary>
internal sealed record HttpResponse(int StatusCode, string? ContentType, byte[] Body)
{
    public static HttpResponse Json(int statusCode, byte[] body) => new(statusCode, "application/json", body);

    public static HttpResponse Text(int statusCode, string body) => new(statusCode, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(body));

    public static HttpResponse NoContent() => new(204, null, []);

    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Unknown",
    };
}
