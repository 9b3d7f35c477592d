namespace Convergence.Cluster.Toxiproxy;

/// <summary>A parsed HTTP/1.1 request: method, decoded path segments, headers and the whole body.</summary>
internal sealed record HttpRequest(
    string Method,
    IReadOnlyList<string> PathSegments,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
