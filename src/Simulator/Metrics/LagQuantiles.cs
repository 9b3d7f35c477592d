namespace Convergence.Simulator.Metrics;

/// <summary>Nearest-rank quantiles of a set of lags, in milliseconds (all zero when <see cref="Count"/> is 0).</summary>
public sealed record LagQuantiles(long Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LagQuantiles Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Sorts <paramref name="lagsUs"/> in place and reads its quantiles.</summary>
    public static LagQuantiles FromMicroseconds(Span<long> lagsUs)
    {
        if (lagsUs.Length == 0) return Empty;
        lagsUs.Sort();
        return new LagQuantiles(lagsUs.Length, At(lagsUs, 0.50), At(lagsUs, 0.95), At(lagsUs, 0.99), lagsUs[^1] / 1000.0);
    }

    private static double At(Span<long> sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] / 1000.0;
    }
}
