using System.Net;
using System.Text.Json;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Toxiproxy;

namespace Convergence.Cli.Chaos;

/// <summary>
/// Tells a server that answered from the server the user meant (a web page at <c>--url</c>, say), and turns what it
/// answered into a few words: a status and what kind of body, never the body itself (an HTML page is not an error line).
/// </summary>
public static class ServerIdentity
{
    /// <summary>Why <paramref name="info"/> (a 200 JSON answer to <c>GET /</c>) is not CouchDB's welcome, or null when it is.</summary>
    public static string? NotCouchDb(CouchServerInfo info) =>
        info.Raw.ValueKind == JsonValueKind.Object && (info.Raw.TryGetProperty("couchdb", out _) || info.IsPouchDb)
            ? null
            : "its GET / answer has no \"couchdb\" welcome";

    /// <summary>
    /// Why a failed <c>GET /</c> means the server answered but is not CouchDB (a body that is not JSON, an error status
    /// other than an authentication one), or null when the failure is something else (unreachable, timed out).
    /// </summary>
    public static string? AnsweredButNotCouchDb(Exception e) => e switch
    {
        JsonException => "its GET / answer is not JSON",
        // A JSON answer of the wrong kind (an array, say): System.Text.Json throws when asked for an object's fields.
        InvalidOperationException { TargetSite.DeclaringType.Namespace: "System.Text.Json" } => "its GET / answer is not a JSON object",
        CouchUnauthorizedException => null,
        CouchException couch => $"GET / answered HTTP {(int)couch.StatusCode} {Describe(couch.StatusCode)}",
        _ => null,
    };

    /// <summary>One line for a failed probe: for an error status, the status alone (no page body); else the error's message.</summary>
    public static string Reason(Exception e) => e switch
    {
        ToxiproxyException toxiproxy when LooksLikeMarkup(toxiproxy.ErrorMessage) =>
            $"it answered HTTP {(int)toxiproxy.StatusCode} {Describe(toxiproxy.StatusCode)} with a page, not Toxiproxy's API",
        CouchException couch when LooksLikeMarkup(couch.Reason) => $"it answered HTTP {(int)couch.StatusCode} {Describe(couch.StatusCode)} with a page",
        _ => Shorten((e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ").Trim()),
    };

    /// <summary>True when what <c>GET /version</c> answered is not a version (a web page, say).</summary>
    public static bool IsNotAVersion(string version) =>
        version.Length == 0 || version.Length > 64 || LooksLikeMarkup(version) || !version.TrimStart('v').Take(1).All(char.IsAsciiDigit);

    private static bool LooksLikeMarkup(string text) => text.TrimStart().StartsWith('<');

    private static string Describe(HttpStatusCode status) => status.ToString();

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + " …" : text;
}
