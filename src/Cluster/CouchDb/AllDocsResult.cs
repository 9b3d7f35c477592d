namespace Convergence.Cluster.CouchDb;

/// <summary>The answer of <c>_all_docs</c>.</summary>
public sealed record AllDocsResult(long TotalRows, IReadOnlyList<AllDocsRow> Rows);
