using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

public sealed class SimulatedClusterTests
{
    private static Scenario PartitionedUntilTheEnd(TimeSpan livenessBound, TimeSpan? convergeBound = null)
    {
        var regions = RegionNames.First(3);
        // Isolated for the whole safety phase: the heal-all finds the links deep in backoff.
        var isolate = new ScheduledFault(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new IsolateFault(regions[2]));
        return Scenario.Create("stuck", 3, regions, Topology.Mesh, WorkloadOptions.AtRate(5), [isolate], TimeSpan.FromSeconds(40),
            livenessBound, convergeBound);
    }

    [Fact]
    public void Run_LivenessBoundTooShort_IsALivenessViolationSayingWhatIsPending()
    {
        var outcome = SimulationRuns.Run(PartitionedUntilTheEnd(TimeSpan.FromMilliseconds(5)));

        Assert.Equal(RunStatus.LivenessViolation, outcome.Status);
        Assert.False(outcome.Record.Quiescence.Reached);
        Assert.Contains("log ap misses", outcome.Record.Quiescence.Pending);
        Assert.Contains("retry at", outcome.Record.Quiescence.Pending);
    }

    [Fact]
    public void Run_ConvergeBoundExceeded_IsALivenessViolation()
    {
        var outcome = SimulationRuns.Run(PartitionedUntilTheEnd(TimeSpan.FromMinutes(30), convergeBound: TimeSpan.FromMilliseconds(1)));

        Assert.Equal(RunStatus.LivenessViolation, outcome.Status);
        Assert.Contains(outcome.Checks.Laws, l => l.Law == "L6" && !l.Passed && l.Detail.Contains("over the declared bound"));
    }

    [Fact]
    public void Run_PartitionLongerThanBackoffStart_ConvergesAfterTheHealWithRetries()
    {
        var outcome = SimulationRuns.Run(PartitionedUntilTheEnd(TimeSpan.FromMinutes(30)));

        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.True(outcome.Record.Counters["replication.retries"] > 3);
        Assert.True(outcome.Metrics.ConvergedAfterLastHealUs > 0);
    }

    [Fact]
    public void Run_ProjectorCrash_RedeliversEventsAndStillConverges()
    {
        var scenario = ScenarioCatalog.Create("crash", 5, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(30)));

        var outcome = SimulationRuns.Run(scenario);

        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.True(outcome.Record.Counters["projector.redeliveries"] > 0);
        Assert.True(outcome.Record.Regions.Sum(r => r.Deliveries) > outcome.Record.EventCount * 3L);
    }

    [Fact]
    public void Run_ReplicaRestart_ResendsFromTheCheckpointAndTheLogDeduplicates()
    {
        var scenario = ScenarioCatalog.Create("restart", 5, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(30)));

        var outcome = SimulationRuns.Run(scenario);

        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.True(outcome.Record.Counters["log.duplicates-dropped"] > 0);
        Assert.All(outcome.Checks.Losses, l => Assert.True(l.IsClean));
    }

    [Fact]
    public void Run_PartitionedRun_RecordsADivergenceWindowThatCloses()
    {
        var outcome = SimulationRuns.Run(ScenarioCatalog.Create("partition", 8, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(30))));

        Assert.NotEmpty(outcome.Metrics.DivergenceWindows);
        Assert.NotNull(outcome.Metrics.DivergenceWindows[^1].EndUs);
        var heal = Assert.Single(outcome.Metrics.Heals, h => !h.IsFinal);
        Assert.True(heal.ConvergedAfterUs > 0, "events held back by the partition arrive after the heal");
    }

    [Fact]
    public void Run_SameSeedDifferentBatching_DiffersButBothConverge()
    {
        var scenario = ScenarioCatalog.Create("steady", 2, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(10)));

        var pouch = SimulationRuns.Run(scenario, DomainCatalog.SocialNetwork(), new SimulationOptions(batchesInFlight: 1));
        var couch = SimulationRuns.Run(scenario);

        Assert.Equal(RunStatus.Converged, pouch.Status);
        Assert.Equal(RunStatus.Converged, couch.Status);
    }

    [Fact]
    public void Run_OverlappingCrashesOfOneProjector_KeepItDownUntilTheLastClears()
    {
        var regions = RegionNames.First(2);
        var crashes = new[]
        {
            new ScheduledFault(1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), new ProjectorCrashFault(regions[1])),
            new ScheduledFault(2, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), new ProjectorCrashFault(regions[1])),
        };
        var scenario = Scenario.Create("crashes", 4, regions, Topology.Mesh, WorkloadOptions.AtRate(10), crashes, TimeSpan.FromSeconds(12));

        var outcome = SimulationRuns.Run(scenario);

        // Nothing from the down projector is first applied between the first clear (6 s) and the second (8 s).
        var firstApplies = outcome.Record.FirstApplies(1).ToArray();
        Assert.DoesNotContain(firstApplies, t => t > 6_000_000 && t < 8_000_000);
        Assert.Equal(RunStatus.Converged, outcome.Status);
    }
}
