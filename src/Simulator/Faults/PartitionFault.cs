using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>Partition(A|B): replication between A and B fails both ways until healed.</summary>
public sealed record PartitionFault(RegionId A, RegionId B) : Fault
{
    public override bool IsNetworkFault => true;

    public override IEnumerable<RegionId> Regions => [A, B];

    public override string ToString() => $"partition {A}|{B}";
}
