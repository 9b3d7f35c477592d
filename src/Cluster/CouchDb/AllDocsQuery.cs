namespace Convergence.Cluster.CouchDb;

/// <summary>Parameters of <c>_all_docs</c>; with <see cref="Keys"/> set the request is a POST of those keys.</summary>
public sealed record AllDocsQuery
{
    public bool IncludeDocs { get; init; }

    /// <summary>Only these ids, in this order (missing ones come back as rows with <c>error: not_found</c>).</summary>
    public IReadOnlyList<string>? Keys { get; init; }

    public int? Limit { get; init; }

    public string? StartKey { get; init; }

    public string? EndKey { get; init; }
}
