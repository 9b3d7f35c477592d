using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.Live;
using Convergence.Properties.Tests.Simulation;
using Convergence.Simulator.Engine;
using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>The live engine against the engine conformance suite (the same cases the simulator passes).</summary>
[Collection(LiveClusterCollection.Name)]
public sealed class LiveClusterConformanceTests(LiveProcessLedger ledger) : ClusterEngineConformance, IDisposable
{
    private readonly TestRunDirectory _run = new();

    protected override IClusterEngine CreateEngine() => ledger.Track(new LiveCluster(new LiveClusterOptions(Path.Combine(_run.Path, Guid.NewGuid().ToString("N")))));

    public void Dispose() => _run.Dispose();
}
