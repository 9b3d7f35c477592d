using Convergence.Simulator.Engine;
using Convergence.Simulator.Simulation;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>The simulated engine against the engine conformance suite.</summary>
public sealed class SimulatedClusterConformanceTests : ClusterEngineConformance
{
    protected override IClusterEngine CreateEngine() => new SimulatedCluster();
}
