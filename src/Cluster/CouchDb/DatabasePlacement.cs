namespace Convergence.Cluster.CouchDb;

/// <summary>
/// CouchDB's shard count (<c>q</c>) and replica count (<c>n</c>) for a new database. A single-node CouchDB 3 still
/// defaults to n=3 and logs a warning for every database created so; <see cref="SingleNode"/> asks for what it has.
/// </summary>
public sealed record DatabasePlacement(int Shards, int Replicas)
{
    /// <summary><c>q=1&amp;n=1</c>: one shard, one copy (a single-node server).</summary>
    public static DatabasePlacement SingleNode { get; } = new(1, 1);

    internal string ToQueryString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"?q={Shards}&n={Replicas}");
}
