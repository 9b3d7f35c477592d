namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// Every toxic attribute, by wire name; a kind uses only its own (see <see cref="ToxicKinds.AttributeNames"/>).
/// "delay" is milliseconds for slow_close but microseconds for slicer, as in Toxiproxy.
/// </summary>
internal readonly record struct ToxicAttributes(
    long Latency,
    long Jitter,
    long Rate,
    long Delay,
    long Timeout,
    long AverageSize,
    long SizeVariation,
    long Bytes)
{
    public long Get(string wireName) => wireName switch
    {
        "latency" => Latency,
        "jitter" => Jitter,
        "rate" => Rate,
        "delay" => Delay,
        "timeout" => Timeout,
        "average_size" => AverageSize,
        "size_variation" => SizeVariation,
        "bytes" => Bytes,
        _ => throw new ArgumentOutOfRangeException(nameof(wireName), wireName, "Unknown toxic attribute."),
    };

    public ToxicAttributes With(string wireName, long value) => wireName switch
    {
        "latency" => this with { Latency = value },
        "jitter" => this with { Jitter = value },
        "rate" => this with { Rate = value },
        "delay" => this with { Delay = value },
        "timeout" => this with { Timeout = value },
        "average_size" => this with { AverageSize = value },
        "size_variation" => this with { SizeVariation = value },
        "bytes" => this with { Bytes = value },
        _ => throw new ArgumentOutOfRangeException(nameof(wireName), wireName, "Unknown toxic attribute."),
    };
}
