namespace Convergence.Cluster.Live;

/// <summary>
/// The requests the harness itself sends one replica, by purpose: the load a run adds on top of the replication it
/// tests. Classified by path, so it needs no cooperation from the callers.
/// </summary>
public sealed class HarnessRequestCounts
{
    /// <summary>The purposes, in the order <see cref="Snapshot"/> reports them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["append", "feed", "changes-poll", "all-docs", "replicator", "other"];

    private readonly long[] _counts = new long[Kinds.Count];

    /// <summary>Counts one request: its purpose read from the method and the path.</summary>
    public void Observe(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _counts[KindOf(request.Method, request.RequestUri)]);
    }

    /// <summary>The counts so far, per kind.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var snapshot = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _counts.Length; i++) snapshot[Kinds[i]] = Interlocked.Read(ref _counts[i]);
        return snapshot;
    }

    private static int KindOf(HttpMethod method, Uri? uri)
    {
        var path = uri is null ? "" : uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        var query = uri is null ? "" : uri.IsAbsoluteUri ? uri.Query : uri.OriginalString.Contains('?', StringComparison.Ordinal) ? uri.OriginalString[uri.OriginalString.IndexOf('?', StringComparison.Ordinal)..] : "";
        if (path.Contains("_replicator", StringComparison.Ordinal) || path.Contains("_scheduler", StringComparison.Ordinal)) return 4;
        if (path.EndsWith("/_changes", StringComparison.Ordinal))
            return query.Contains("feed=longpoll", StringComparison.Ordinal) || query.Contains("feed=continuous", StringComparison.Ordinal) ? 1 : 2;
        if (path.EndsWith("/_all_docs", StringComparison.Ordinal)) return 3;
        if (path.EndsWith("/_bulk_docs", StringComparison.Ordinal) || method == HttpMethod.Put) return 0;
        return 5;
    }
}
