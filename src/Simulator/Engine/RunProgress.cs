namespace Convergence.Simulator.Engine;

/// <summary>Where a run is, for progress displays.</summary>
public sealed record RunProgress(RunPhase Phase, TimeSpan Elapsed, TimeSpan SafetyPhase, long Appended);
