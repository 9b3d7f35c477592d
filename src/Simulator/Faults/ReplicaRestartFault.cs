using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>
/// The region's replica restarts: every replication into or out of it stops (batches in flight
/// are lost) and, when the fault clears, resumes from its last replication checkpoint.
/// </summary>
public sealed record ReplicaRestartFault(RegionId Region) : Fault
{
    public override bool IsNetworkFault => false;

    public override IEnumerable<RegionId> Regions => [Region];

    public override string ToString() => $"replica restart {Region}";
}
