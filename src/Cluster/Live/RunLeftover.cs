namespace Convergence.Cluster.Live;

/// <summary>What earlier runs left on one server under the name prefix: databases and <c>_replicator</c> documents.</summary>
public sealed record RunLeftover(Uri Server, IReadOnlyList<string> Databases, IReadOnlyList<string> ReplicationDocuments)
{
    public bool IsEmpty => Databases.Count == 0 && ReplicationDocuments.Count == 0;

    /// <summary>One line: <c>http://a:5984/: 3 databases (convergence-…-eu, …), 2 replication documents</c>.</summary>
    public override string ToString()
    {
        static string List(IReadOnlyList<string> names) =>
            names.Count == 0 ? "" : " (" + string.Join(", ", names.Take(3)) + (names.Count > 3 ? ", …" : "") + ")";

        return $"{Server.AbsoluteUri}: {Databases.Count} database(s){List(Databases)}, {ReplicationDocuments.Count} replication document(s){List(ReplicationDocuments)}";
    }
}
