using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>
/// The region's projector crashes and loses its in-memory read model; when the fault clears it
/// restarts from its last checkpoint (log position + snapshot), so events after that checkpoint
/// are delivered to it again.
/// </summary>
public sealed record ProjectorCrashFault(RegionId Region) : Fault
{
    public override bool IsNetworkFault => false;

    public override IEnumerable<RegionId> Regions => [Region];

    public override string ToString() => $"projector crash {Region}";
}
