using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>A run stopped by the user (Ctrl+C) still yields a record: partial, marked interrupted, not judged by the end-state laws.</summary>
public sealed class InterruptedRunTests
{
    [Fact]
    public async Task RunAsync_CancelledDuringTheSafetyPhase_ReturnsAnInterruptedRecord()
    {
        var scenario = ScenarioCatalog.Create("partition", 3, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource();
        // Cancelled from the runner's own progress callback: deterministic, no clock involved.
        var progress = new CancelAfter(cancel, TimeSpan.FromSeconds(10));

        await using var cluster = new SimulatedCluster();
        var record = await new ScenarioRunner(DomainCatalog.SocialNetwork()).RunAsync(scenario, cluster, progress, cancel.Token);
        var outcome = RunOutcome.From(record);

        Assert.True(record.Interrupted);
        Assert.Equal(RunStatus.Interrupted, outcome.Status);
        Assert.Equal("Interrupted", outcome.Summary.Verdict);
        Assert.InRange(record.EndUs, 10_000_000, 12_000_000);
        Assert.Equal(3, record.Regions.Count);
        Assert.DoesNotContain(outcome.Checks.Laws, l => l.Law is "L1" or "L3" or "L5");
    }

    [Fact]
    public async Task Tally_OfARunWithAFault_CountsAppendsFirstAppliesAndOpenFaults()
    {
        var scenario = ScenarioCatalog.Create("partition", 2, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(10), Rate: 4));
        var catalog = DomainCatalog.SocialNetwork();
        await using var cluster = new SimulatedCluster();
        var recorder = new RunRecorder(scenario, catalog, cluster.Name);
        var faultsSeen = new List<IReadOnlyList<string>>();
        var progress = new Watch(() => faultsSeen.Add(recorder.Tally.ActiveFaults));

        var record = await new ScenarioRunner(catalog).RunAsync(scenario, cluster, recorder, progress, CancellationToken.None);

        var tally = recorder.Tally;
        Assert.Equal(record.EventCount, Enumerable.Range(0, tally.RegionCount).Sum(r => tally.AppendedIn(r)));
        Assert.All(Enumerable.Range(0, tally.RegionCount), r => Assert.Equal(record.EventCount, tally.AppliedIn(r)));
        Assert.Contains(faultsSeen, faults => faults.Count == 1 && faults[0].Contains("isolate", StringComparison.Ordinal));
        Assert.Empty(tally.ActiveFaults);
    }

    private sealed class Watch(Action onProgress) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => onProgress();
    }

    private sealed class CancelAfter(CancellationTokenSource cancel, TimeSpan at) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (value.Elapsed >= at) cancel.Cancel();
        }
    }
}
