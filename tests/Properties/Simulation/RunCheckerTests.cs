using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Metrics;
using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

public sealed class RunCheckerTests
{
    [Fact]
    public void Check_HandlerThrows_IsAProgressViolationNamingTheEvent()
    {
        var scenario = ScenarioCatalog.Create("steady", 1, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(5)));

        var outcome = SimulationRuns.Run(scenario, new DomainCatalog(new ThrowingModule()));

        Assert.Equal(RunStatus.ProgressViolation, outcome.Status);
        var l4 = Assert.Single(outcome.Checks.Laws, l => l.Law == "L4");
        Assert.False(l4.Passed);
        Assert.Contains("tick handler broke on", l4.Detail);
    }

    [Fact]
    public void Check_ModuleWithoutSpec_PassesL3Trivially()
    {
        var scenario = ScenarioCatalog.Create("steady", 1, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(2), Rate: 2));

        var outcome = SimulationRuns.Run(scenario, new DomainCatalog(new ThrowingModule()));
        var l3 = SpecAgreementCheck.Check(outcome.Record);

        Assert.True(l3.Passed);
        Assert.Contains("no module states a spec", l3.Detail);
    }

    [Theory]
    [InlineData(new long[] { 5000 }, 5, 5, 5, 5)]
    [InlineData(new long[] { 1000, 2000, 3000, 4000 }, 2, 4, 4, 4)]
    [InlineData(new long[] { 4000, 1000, 3000, 2000, 5000, 6000, 7000, 8000, 9000, 10000 }, 5, 10, 10, 10)]
    public void LagQuantiles_NearestRank(long[] lagsUs, double p50, double p95, double p99, double max)
    {
        var q = LagQuantiles.FromMicroseconds(lagsUs);

        Assert.Equal((p50, p95, p99, max), (q.P50Ms, q.P95Ms, q.P99Ms, q.MaxMs));
        Assert.Equal(lagsUs.Length, q.Count);
    }

    [Fact]
    public void LagQuantiles_Empty_IsAllZero() => Assert.Equal(LagQuantiles.Empty, LagQuantiles.FromMicroseconds([]));
}
