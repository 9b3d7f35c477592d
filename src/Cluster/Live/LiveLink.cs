using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Toxiproxy;

namespace Convergence.Cluster.Live;

/// <summary>
/// One directed replication a→b of a live run: the proxy <c>a->b</c> (upstream: b's server) and the continuous push
/// replication stored as a <c>_replicator</c> document on a's server (source: a directly; target: b through the proxy).
/// State fields are guarded by the supervisor's lock.
/// </summary>
internal sealed class LiveLink(int from, int to, string name, Proxy proxy, ReplicationDocument replication)
{
    public int From { get; } = from;

    public int To { get; } = to;

    /// <summary><c>eu->us</c>: the proxy's name too.</summary>
    public string Name { get; } = name;

    public Proxy Proxy { get; } = proxy;

    /// <summary>The replication document as last stored (its generation grows with every restart by the supervisor).</summary>
    public ReplicationDocument Replication { get; set; } = replication;

    /// <summary>
    /// Serializes enabling and disabling the proxy: a flapping fault's timer and the runner's faults may switch one
    /// link at the same time, and the proxy must end in the state the count says.
    /// </summary>
    public SemaphoreSlim Switch { get; } = new(1, 1);

    /// <summary>Faults that disable the proxy right now; it is enabled only when this is zero.</summary>
    public int Disabled { get; set; }

    /// <summary>Faults that impair the link without disabling the proxy (blackhole, reset_peer) right now.</summary>
    public int Held { get; set; }

    /// <summary>No fault cuts the link: the supervisor may judge its progress.</summary>
    public bool IsOpen => Disabled == 0 && Held == 0;

    /// <summary>When the link last became open (start, heal, restart of an end, or a supervisor restart).</summary>
    public long OpenSinceUs { get; set; }

    /// <summary>Ids the source holds and the target lacks, with when each was first seen missing.</summary>
    public Dictionary<string, long> Missing { get; } = new(StringComparer.Ordinal);

    public int Restarts { get; set; }

    /// <summary>True once this run stored the link's replication document (only then may the run delete it).</summary>
    public bool Stored { get; set; }

    /// <summary>When a document the target lacked last arrived there.</summary>
    public long LastProgressUs { get; set; }

    public override string ToString() => Name;
}
