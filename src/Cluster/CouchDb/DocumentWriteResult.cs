namespace Convergence.Cluster.CouchDb;

/// <summary>A stored document's id and new revision.</summary>
public sealed record DocumentWriteResult(string Id, string Revision);
