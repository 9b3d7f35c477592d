namespace Convergence.Simulator.Metrics;

/// <summary>
/// Time to converge after one heal: until every event appended before the heal was applied in
/// every region (0 when all were before it; null when some never was).
/// </summary>
public sealed record HealConvergence(long HealAtUs, string What, bool IsFinal, long? ConvergedAfterUs);
