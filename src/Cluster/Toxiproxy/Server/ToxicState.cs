namespace Convergence.Cluster.Toxiproxy;

/// <summary>What one toxic remembers about one connection and direction (toxicity roll, timers, byte counts).</summary>
internal sealed class ToxicState(ToxicSpec spec, bool active, long activatedTimestamp)
{
    public ToxicSpec Spec { get; } = spec;

    /// <summary>The toxicity roll for this connection and direction, made once when the toxic reached it.</summary>
    public bool Active { get; } = active;

    public long ActivatedTimestamp { get; } = activatedTimestamp;

    /// <summary>reset_peer: when the first chunk arrived (the reset fires <c>timeout</c> ms later).</summary>
    public long? FirstDataTimestamp { get; set; }

    /// <summary>limit_data: bytes already forwarded; kept across updates of the same toxic.</summary>
    public long ForwardedBytes { get; set; }
}
