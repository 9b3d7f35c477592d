namespace Convergence.Simulator.Metrics;

/// <summary>
/// One region's figures: events its clients appended, distinct events its projector applied,
/// deliveries (repeats included) and the replication lag of events from other regions.
/// </summary>
public sealed record RegionLag(string Region, long Appended, long Applied, long Deliveries, LagQuantiles Lag, string Digest);
