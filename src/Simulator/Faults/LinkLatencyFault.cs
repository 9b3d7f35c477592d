using Convergence.Domain.Identity;
using Convergence.Simulator.Network;

namespace Convergence.Simulator.Faults;

/// <summary>The directed link From→To gets another delay distribution (latency and jitter) until healed.</summary>
public sealed record LinkLatencyFault(RegionId From, RegionId To, LatencyDistribution Latency) : Fault
{
    public override bool IsNetworkFault => true;

    public override IEnumerable<RegionId> Regions => [From, To];

    public override string ToString() => $"latency {From}->{To} {Latency}";
}
