namespace Convergence.Cluster.Toxiproxy;

/// <summary>The toxic types of Toxiproxy 2.12, with their wire names and attribute names.</summary>
internal enum ToxicKind
{
    Noop,
    Latency,
    Bandwidth,
    SlowClose,
    Timeout,
    ResetPeer,
    Slicer,
    LimitData,
}

/// <summary>Wire names of <see cref="ToxicKind"/> (matched exactly, as Toxiproxy's registry does).</summary>
internal static class ToxicKinds
{
    public static bool TryParse(string? wireName, out ToxicKind kind)
    {
        kind = wireName switch
        {
            "noop" => ToxicKind.Noop,
            "latency" => ToxicKind.Latency,
            "bandwidth" => ToxicKind.Bandwidth,
            "slow_close" => ToxicKind.SlowClose,
            "timeout" => ToxicKind.Timeout,
            "reset_peer" => ToxicKind.ResetPeer,
            "slicer" => ToxicKind.Slicer,
            "limit_data" => ToxicKind.LimitData,
            _ => (ToxicKind)(-1),
        };
        return kind >= 0;
    }

    public static string ToWireName(this ToxicKind kind) => kind switch
    {
        ToxicKind.Noop => "noop",
        ToxicKind.Latency => "latency",
        ToxicKind.Bandwidth => "bandwidth",
        ToxicKind.SlowClose => "slow_close",
        ToxicKind.Timeout => "timeout",
        ToxicKind.ResetPeer => "reset_peer",
        ToxicKind.Slicer => "slicer",
        ToxicKind.LimitData => "limit_data",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown toxic kind."),
    };

    /// <summary>The attribute names a toxic of this kind reads and reports, in Toxiproxy's order.</summary>
    public static IReadOnlyList<string> AttributeNames(this ToxicKind kind) => kind switch
    {
        ToxicKind.Latency => ["latency", "jitter"],
        ToxicKind.Bandwidth => ["rate"],
        ToxicKind.SlowClose => ["delay"],
        ToxicKind.Timeout => ["timeout"],
        ToxicKind.ResetPeer => ["timeout"],
        ToxicKind.Slicer => ["average_size", "size_variation", "delay"],
        ToxicKind.LimitData => ["bytes"],
        _ => [],
    };
}
