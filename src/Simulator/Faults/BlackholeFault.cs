using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>
/// Blackhole(A|B): the network between A and B swallows every byte both ways without closing connections
/// (a half-open path) until healed. Unlike <see cref="PartitionFault"/> nothing is refused, so a replicator
/// waits on requests that never answer; the simulator treats it as a partition.
/// </summary>
public sealed record BlackholeFault(RegionId A, RegionId B) : Fault
{
    public override bool IsNetworkFault => true;

    public override IEnumerable<RegionId> Regions => [A, B];

    public override string ToString() => $"blackhole {A}|{B}";
}
