namespace Convergence.Cluster.CouchDb;

/// <summary>The answer of a normal or longpoll <c>_changes</c> request.</summary>
/// <param name="Results">The changed documents, in feed order.</param>
/// <param name="LastSequence">Pass as <c>since</c> to continue after these rows.</param>
/// <param name="Pending">How many changes remain after this answer (CouchDB only; null on pouchdb-server).</param>
public sealed record ChangesResult(IReadOnlyList<ChangeRow> Results, ChangeSequence LastSequence, long? Pending);
