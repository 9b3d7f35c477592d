using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>
/// ResetPeer(A|B): while active, every connection between A and B is reset (TCP RST) as soon as it carries
/// data, both ways; requests fail at once rather than hang. The simulator treats the window as a partition.
/// </summary>
public sealed record ResetPeerFault(RegionId A, RegionId B) : Fault
{
    public override bool IsNetworkFault => true;

    public override IEnumerable<RegionId> Regions => [A, B];

    public override string ToString() => $"reset-peer {A}|{B}";
}
