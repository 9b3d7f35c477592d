using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>Isolate(A): every replication into or out of A fails until healed; A's clients keep writing.</summary>
public sealed record IsolateFault(RegionId Region) : Fault
{
    public override bool IsNetworkFault => true;

    public override IEnumerable<RegionId> Regions => [Region];

    public override string ToString() => $"isolate {Region}";
}
