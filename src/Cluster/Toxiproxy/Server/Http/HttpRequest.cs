namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// A parsed HTTP/1.x request: method, the percent-decoded path (as Go's <c>URL.Path</c>), the raw query,
/// headers and the whole body.
/// </summary>
internal sealed record HttpRequest(
    string Method,
    string Path,
    string? Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
