using Convergence.Simulator.Faults;

namespace Convergence.Simulator.Runs;

/// <summary>One fault as it happened: when it was applied and when it was healed (null if the run ended first).</summary>
public sealed record FaultRecord(int Id, Fault Fault, long StartUs, long? EndUs);
