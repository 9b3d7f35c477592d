using Convergence.Simulator.Faults;

namespace Convergence.Simulator.Engine;

/// <summary>
/// An engine whose clock runs by itself (wall-clock time, real replicas). <see cref="ScenarioRunner"/> plays its client
/// actions and its fault timeline as two independent loops, so a slow append never delays a fault or a heal; such an
/// engine must therefore accept <see cref="IClusterEngine.ApplyFaultAsync"/>/<see cref="IClusterEngine.ClearFaultAsync"/>
/// concurrently with <see cref="IClusterEngine.AppendAsync"/> and <see cref="IClusterEngine.StateOf"/>. A virtual-time
/// engine (the simulator) is not one: it keeps the single deterministic loop.
/// </summary>
public interface IWallClockEngine : IClusterEngine
{
    /// <summary>
    /// True when this engine plays <paramref name="fault"/>, not a network fault by kind, by cutting links (a replica
    /// restart on a server it cannot kill): its heal is then timed like a network heal.
    /// </summary>
    bool CutsLinksFor(Fault fault);
}
