namespace Convergence.Cluster.Toxiproxy;

/// <summary>An API failure with Toxiproxy's status code and message, turned into its error body at the edge.</summary>
internal sealed record ApiError(int StatusCode, string Message)
{
    public static ApiError MissingField(string field) => new(400, $"missing required field: {field}");

    public static ApiError BadRequestBody(string detail) => new(400, $"bad request body: {detail}");

    public static ApiError InvalidStream { get; } = new(400, "stream was invalid, can be either upstream or downstream");

    public static ApiError InvalidToxicType { get; } = new(400, "invalid toxic type");

    public static ApiError ProxyNotFound { get; } = new(404, "proxy not found");

    public static ApiError ToxicNotFound { get; } = new(404, "toxic not found");

    public static ApiError ProxyExists { get; } = new(409, "proxy already exists");

    public static ApiError ToxicExists { get; } = new(409, "toxic already exists");

    public static ApiError InvalidAttribute(string detail) => new(400, $"invalid attribute: {detail}");
}
