namespace Convergence.Simulator.Metrics;

/// <summary>Lag of events appended in <see cref="From"/> until applied in <see cref="To"/> (by any path).</summary>
public sealed record PairLag(string From, string To, LagQuantiles Lag);
