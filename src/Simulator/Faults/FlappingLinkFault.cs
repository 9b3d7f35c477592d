using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>The pair A–B alternates between down (for <see cref="DownFor"/>) and up (for <see cref="UpFor"/>), starting down, until healed.</summary>
public sealed record FlappingLinkFault(RegionId A, RegionId B, TimeSpan DownFor, TimeSpan UpFor) : Fault
{
    public override bool IsNetworkFault => true;

    public override IEnumerable<RegionId> Regions => [A, B];

    public override string ToString() => $"flapping {A}|{B} down {DownFor.TotalSeconds:0.###}s up {UpFor.TotalSeconds:0.###}s";
}
