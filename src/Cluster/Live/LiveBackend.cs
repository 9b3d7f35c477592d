namespace Convergence.Cluster.Live;

/// <summary>Which replica server a live run uses (the <c>--backend</c> of the chaos command).</summary>
public enum LiveBackend
{
    /// <summary>pouchdb-server: launched by the harness per region unless URLs are given.</summary>
    PouchDb,

    /// <summary>Apache CouchDB 3.x: by URL, or one Docker container per region when no URL is given.</summary>
    CouchDb,
}
