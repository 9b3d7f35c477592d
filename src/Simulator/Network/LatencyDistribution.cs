using Convergence.Domain.Workload;

namespace Convergence.Simulator.Network;

/// <summary>
/// A log-normal one-way replication delay fixed by its median and 99th percentile — the two
/// figures measured on pouchdb-server (research/couchdb.md): idle p50 ≈ 20 ms, p99 ≈ 40 ms;
/// under 50 writes/s p50 ≈ 100 ms, p99 ≈ 200 ms.
/// </summary>
public sealed record LatencyDistribution
{
    // z of the 99th percentile of the standard normal distribution.
    private const double Z99 = 2.3263478740408408;

    public LatencyDistribution(TimeSpan median, TimeSpan p99)
    {
        if (median <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(median), "a median latency must be positive");
        if (p99 < median) throw new ArgumentOutOfRangeException(nameof(p99), "p99 latency must be at least the median");
        Median = median;
        P99 = p99;
        MedianUs = median.Ticks / TimeSpan.TicksPerMicrosecond;
        Sigma = Math.Log((double)p99.Ticks / median.Ticks) / Z99;
    }

    public TimeSpan Median { get; }

    public TimeSpan P99 { get; }

    private long MedianUs { get; }

    private double Sigma { get; }

    public static LatencyDistribution Idle { get; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40));

    public static LatencyDistribution Loaded { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));

    /// <summary>
    /// The measured figures interpolated by write rate: idle at 0 writes/s per region, loaded from
    /// 50 writes/s on (where pouchdb-server on 2 cores was measured; beyond that it overloads).
    /// Worked example: 25 writes/s gives p50 60 ms, p99 120 ms.
    /// </summary>
    public static LatencyDistribution ForWriteRate(double writesPerSecond)
    {
        var load = Math.Clamp(writesPerSecond / 50.0, 0, 1);
        return new LatencyDistribution(
            TimeSpan.FromMilliseconds(Math.Round(20 + 80 * load)),
            TimeSpan.FromMilliseconds(Math.Round(40 + 160 * load)));
    }

    /// <summary>One delay in microseconds (Box–Muller; two uniform draws).</summary>
    public long SampleUs(IRandomSource random)
    {
        if (Sigma == 0) return MedianUs;
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Max(1, (long)(MedianUs * Math.Exp(Sigma * z)));
    }

    public override string ToString() => $"p50 {Median.TotalMilliseconds:0.#} ms, p99 {P99.TotalMilliseconds:0.#} ms";
}
