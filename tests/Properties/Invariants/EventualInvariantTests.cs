using Convergence.Properties.Tests.Simulation;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Scenarios;

namespace Convergence.Properties.Tests.Invariants;

/// <summary>"One account per email" breaks while regions are apart and must be restored after the heal, within a declared bound.</summary>
public sealed class EventualInvariantTests
{
    private static Scenario Partition(IReadOnlyDictionary<string, TimeSpan>? bounds = null) =>
        ScenarioCatalog.Create("partition", 42, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(40), InvariantBounds: bounds));

    [Fact]
    public void A_partition_breaks_one_account_per_email_for_a_while_and_the_merge_restores_it()
    {
        var outcome = SimulationRuns.Run(Partition());

        var result = Assert.Single(EventualInvariantCheck.Measure(outcome.Record));
        Assert.Equal("one-account-per-email", result.Invariant.Name);
        Assert.NotEmpty(result.Violations);
        Assert.All(result.Violations, v => Assert.True(v.Resolved, $"{v.Key} never resolved"));
        Assert.True(result.LongestUs > 0);
        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.Contains(outcome.Checks.Laws, l => l is { Law: "EI", Title: "one-account-per-email", Passed: true });
    }

    [Fact]
    public void A_violation_open_longer_than_its_bound_after_the_heal_fails_the_run_as_liveness()
    {
        var outcome = SimulationRuns.Run(Partition(new Dictionary<string, TimeSpan> { ["one-account-per-email"] = TimeSpan.FromMilliseconds(1) }));

        Assert.Equal(RunStatus.LivenessViolation, outcome.Status);
        var verdict = Assert.Single(outcome.Checks.Laws, l => l.Law == "EI");
        Assert.False(verdict.Passed);
        Assert.Contains("bound 0.001 s", verdict.Detail);
    }

    [Fact]
    public void A_generous_bound_is_met()
    {
        var outcome = SimulationRuns.Run(Partition(new Dictionary<string, TimeSpan> { ["one-account-per-email"] = TimeSpan.FromMinutes(5) }));

        Assert.Equal(RunStatus.Converged, outcome.Status);
    }

    [Fact]
    public void Check_fails_with_exit_code_1_when_a_declared_bound_is_exceeded()
    {
        using var cli = new CliHarness();

        var (exitCode, output) = cli.Run("check", "--histories", "20", "--bound", "one-account-per-email=1ms");

        Assert.Equal(1, exitCode);
        Assert.Contains("one-account-per-email: FAILED", output);
    }

    [Fact]
    public void A_bound_for_an_invariant_the_domain_lacks_is_bad_input()
    {
        using var cli = new CliHarness();

        var (exitCode, output) = cli.Run("simulate", "--duration", "5s", "--bound", "no-such-thing=5s", "--out", cli.OutDirectory);

        Assert.Equal(2, exitCode);
        Assert.Contains("no such eventual invariant", output);
    }
}
