using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>A check that cannot fail proves nothing: the naive social handlers must be caught.</summary>
public sealed class NegativeControlTests
{
    private static readonly DomainCatalog Naive = Convergence.Properties.Tests.Generators.Catalogs.Naive;

    [Fact]
    public void Simulate_PartitionOnOrderDependentModule_ReportsSafetyViolation()
    {
        var scenario = ScenarioCatalog.Create("partition", 42, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(30)));

        var outcome = SimulationRuns.Run(scenario, Naive);

        Assert.Equal(RunStatus.SafetyViolation, outcome.Status);
        var l1 = Assert.Single(outcome.Checks.Laws, l => l.Law == "L1");
        Assert.False(l1.Passed);
        Assert.Contains("differ", l1.Detail);
        Assert.Contains("social/", outcome.Checks.Counterexample);
    }

    [Fact]
    public void Simulate_SameScenarioOnConvergentModule_Converges()
    {
        var scenario = ScenarioCatalog.Create("partition", 42, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(30)));

        var outcome = SimulationRuns.Run(scenario);

        Assert.Equal(RunStatus.Converged, outcome.Status);
    }

    [Fact]
    public void Simulate_OrderDependentModuleWithOneBatchInFlight_StillFailsTheSpec()
    {
        // With PouchDB's one batch at a time delivery is causal, yet concurrent edits still race.
        var scenario = ScenarioCatalog.Create("partition", 7, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(30)));

        var outcome = SimulationRuns.Run(scenario, Naive, new SimulationOptions(batchesInFlight: 1));

        Assert.Equal(RunStatus.SafetyViolation, outcome.Status);
    }

    [Fact]
    public void Simulate_ReplayOfAFailingSeed_ReproducesTheSameCounterexample()
    {
        var scenario = ScenarioCatalog.Create("swarm", 21, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(20)));

        var first = SimulationRuns.Run(scenario, Naive);
        var replay = SimulationRuns.Run(ScenarioCatalog.Create("swarm", 21, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(20))), Naive);

        Assert.NotEqual(RunStatus.Converged, first.Status);
        Assert.Equal(first.Checks.Counterexample, replay.Checks.Counterexample);
        Assert.Equal(first.Summary.ToJson(), replay.Summary.ToJson());
    }
}
