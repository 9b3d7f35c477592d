using Convergence.Properties.Tests.Generators;
using Convergence.Samples.CheckIns;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Scenarios;
using Convergence.Testing.Laws;
using Convergence.Testing.Scenarios;

namespace Convergence.Properties.Tests.Testing;

/// <summary>A simulated scenario run from a test: it returns the outcome when every region converged, and fails the test otherwise.</summary>
public sealed class ConvergenceScenariosTests
{
    private static readonly ScenarioOverrides Short = new(Duration: TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Partition_ConvergentModule_ConvergesAndReturnsTheOutcome()
    {
        var outcome = await ConvergenceScenarios.Partition(new CheckInModule(), seed: 42, Short).RunAsync();

        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.Equal("partition", outcome.Record.Scenario.Name);
        Assert.Contains(outcome.Record.Envelopes, e => e.Payload is CheckedIn);
    }

    [Fact]
    public async Task Named_OrderDependentDomain_ThrowsWithTheDiffAndTheReplayCommand()
    {
        var scenario = ConvergenceScenarios.Named("partition", Catalogs.Naive, seed: 42, Short);

        var failure = await Assert.ThrowsAsync<ConvergenceLawException>(() => scenario.RunAsync());

        Assert.StartsWith("simulated partition run on social (seed 42) ended SafetyViolation", failure.Message);
        Assert.Contains("L1", failure.Message);
        Assert.Contains("replay: convergence simulate --scenario partition --seed 42", failure.Message);
        Assert.Equal(RunStatus.SafetyViolation, failure.Run?.Status);
    }

    [Fact]
    public async Task Named_SameSeedTwice_GivesTheSameRun()
    {
        var first = await ConvergenceScenarios.Named("flapping", new CheckInModule(), seed: 3, Short).RunAsync();
        var second = await ConvergenceScenarios.Named("flapping", new CheckInModule(), seed: 3, Short).RunAsync();

        Assert.Equal(first.Summary.ToJson(), second.Summary.ToJson());
    }
}
