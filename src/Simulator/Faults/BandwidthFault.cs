using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>
/// The directed link From→To is squeezed to <see cref="RateKBps"/> kilobytes (1000 bytes) per second until
/// healed. The simulator models it as extra delay: the time one batch of documents takes at that rate.
/// </summary>
public sealed record BandwidthFault(RegionId From, RegionId To, long RateKBps) : Fault
{
    public override bool IsNetworkFault => true;

    public override IEnumerable<RegionId> Regions => [From, To];

    public override string ToString() => $"bandwidth {From}->{To} {RateKBps} KB/s";
}
