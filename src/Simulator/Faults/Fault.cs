using Convergence.Domain.Identity;

namespace Convergence.Simulator.Faults;

/// <summary>
/// Something the nemesis does to the cluster, independent of the engine that carries it out.
/// An engine applies a fault when its window opens and clears it (the heal) when it closes.
/// </summary>
public abstract record Fault
{
    /// <summary>True for faults of the network (a heal of one is a point after which time to converge is measured).</summary>
    public abstract bool IsNetworkFault { get; }

    /// <summary>The regions this fault names, to validate it against a scenario.</summary>
    public abstract IEnumerable<RegionId> Regions { get; }
}
