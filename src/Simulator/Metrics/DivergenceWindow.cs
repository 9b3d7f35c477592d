namespace Convergence.Simulator.Metrics;

/// <summary>A period in which sampled region digests differed; <see cref="EndUs"/> is the first sample at which all agreed again (null: never).</summary>
public sealed record DivergenceWindow(long StartUs, long? EndUs);
