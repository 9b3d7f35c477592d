namespace Convergence.Simulator.Engine;

/// <summary>The phases of a run: faults and workload on, then healed and waiting for quiescence, then checked.</summary>
public enum RunPhase
{
    Safety,
    Liveness,
    Done,
}
