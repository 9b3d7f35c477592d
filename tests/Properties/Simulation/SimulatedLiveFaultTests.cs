using Convergence.Simulator.Checks;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>The faults the live proxy adds (blackhole, reset_peer, bandwidth) as the simulator carries them out.</summary>
public sealed class SimulatedLiveFaultTests
{
    private static Scenario With(Fault fault, int regions = 3) =>
        Scenario.Create("live-faults", 9, RegionNames.First(regions), Topology.Mesh, WorkloadOptions.AtRate(5),
            [new ScheduledFault(1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), fault)], TimeSpan.FromSeconds(20));

    public static TheoryData<string> CuttingFaults => ["blackhole", "reset-peer"];

    [Theory]
    [MemberData(nameof(CuttingFaults))]
    public void Run_BlackholeOrResetPeer_CutsThePairLikeAPartition_AndConverges(string kind)
    {
        var regions = RegionNames.First(3);
        Fault fault = kind == "blackhole" ? new BlackholeFault(regions[0], regions[1]) : new ResetPeerFault(regions[0], regions[1]);
        var partition = SimulationRuns.Run(With(new PartitionFault(regions[0], regions[1])));

        var outcome = SimulationRuns.Run(With(fault));

        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.Equal(partition.Record.Counters["replication.retries"], outcome.Record.Counters["replication.retries"]);
        Assert.Single(outcome.Record.Heals, h => !h.IsFinal);
    }

    [Fact]
    public void Run_BandwidthSqueeze_SlowsItsLinkAndConverges()
    {
        // Two regions: with a third, eu's events would reach us around the squeezed link.
        var regions = RegionNames.First(2);
        var free = SimulationRuns.Run(With(new BandwidthFault(regions[0], regions[1], 1_000_000), 2));

        var squeezed = SimulationRuns.Run(With(new BandwidthFault(regions[0], regions[1], 1), 2));

        Assert.Equal(RunStatus.Converged, squeezed.Status);
        var pair = squeezed.Metrics.Pairs.Single(p => p.From == "eu" && p.To == "us");
        var freePair = free.Metrics.Pairs.Single(p => p.From == "eu" && p.To == "us");
        Assert.True(pair.Lag.MaxMs > freePair.Lag.MaxMs, $"squeezed max {pair.Lag.MaxMs} ms, free max {freePair.Lag.MaxMs} ms");
    }

    [Fact]
    public void Create_BandwidthOfZero_IsRefusedWithASentence()
    {
        var regions = RegionNames.First(3);

        var error = Assert.Throws<ArgumentException>(() => With(new BandwidthFault(regions[0], regions[1], 0)));

        Assert.Contains("rate above 0", error.Message);
    }
}
