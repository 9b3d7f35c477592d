namespace Convergence.Simulator.Network;

/// <summary>Which ordered pairs of regions replicate to each other.</summary>
public enum Topology
{
    /// <summary>Every region replicates to every other (N(N-1) links); the default.</summary>
    Mesh,

    /// <summary>Each region replicates both ways with its two neighbours on a ring.</summary>
    Ring,

    /// <summary>The first region is a hub replicating both ways with every other region.</summary>
    Star,
}
